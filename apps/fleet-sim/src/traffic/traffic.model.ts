import type { FaultRegistry } from '../faults/fault.registry.js';
import type { K8sObject } from '../store/k8s.types.js';
import { REPLICASETS } from '../store/resource.registry.js';
import type { SimEnvironment } from '../sim/environment.js';
import { safeHash } from '../sim/hash.js';
import { LABEL_COMPONENT } from '../sim/labels.js';
import type { VirtualCluster } from '../sim/virtual.cluster.js';

/** Roles traffic is split between (the `role` label of the metrics). */
export type Role = 'stable' | 'canary';

/** Request rate and quality of one role of one Rollout right now. */
export interface RoleTraffic {
  role: Role;
  /** Requests per second. */
  rps: number;
  /** Share of requests answered with an error (0..1). */
  errorRatio: number;
  /** HTTP code of the errors (503 when no pod can serve, else 500). */
  errorCode: string;
  /** Median latency in seconds (log-normal). */
  medianSeconds: number;
}

/** Healthy baseline: a small error ratio and ~80 ms median latency, nudged per platform version. */
export const BASE_ERROR_RATIO = 0.002;
export const BASE_MEDIAN_SECONDS = 0.08;
/** Spread of the log-normal latency distribution. */
export const LATENCY_SIGMA = 0.5;
const VERSION_SPREAD = 0.2;
const HASH_BUCKETS = 1000;

/**
 * Computes the traffic of one Rollout by role: the environment's rate split evenly across its components, then between
 * canary and stable by available pods (basic canary routes by replica count), with error ratio and latency that follow
 * the image (platform version), the customer revision and the active faults.
 */
export function rolloutTraffic(
  cluster: VirtualCluster,
  faults: FaultRegistry,
  env: SimEnvironment,
  rollout: K8sObject,
): RoleTraffic[] {
  const ns = rollout.metadata.namespace!;
  const component = rollout.metadata.labels?.[LABEL_COMPONENT] ?? rollout.metadata.name;
  const rps = env.rps / Math.max(1, env.components.length);
  const st = rollout.status ?? {};
  const rsOf = (hash: string | undefined) =>
    hash ? cluster.store.get(REPLICASETS, ns, `${rollout.metadata.name}-${hash}`) : undefined;
  const stableRS = rsOf(st.stableRS);
  const canaryRS = st.currentPodHash !== st.stableRS ? rsOf(st.currentPodHash) : undefined;
  const stableAvail = stableRS?.status?.availableReplicas ?? 0;
  const canaryAvail = canaryRS?.status?.availableReplicas ?? 0;
  const total = stableAvail + canaryAvail;
  const imageOf = (rs: K8sObject | undefined) => rs?.spec?.template?.spec?.containers?.[0]?.image ?? '';
  const revision = rollout.metadata.annotations?.['ringmaster.io/customer-revision'] ?? env.customerRevision;
  const role = (r: Role, rs: K8sObject | undefined, share: number): RoleTraffic => {
    const image = imageOf(rs);
    const effect = faults.effectFor({ cluster: cluster.name, environment: ns, tenant: env.tenant, component, image });
    const factor = 1 + VERSION_SPREAD * (hashFraction(`${image}|${revision}`) - 0.5);
    return {
      role: r,
      rps: rps * share,
      errorRatio: Math.min(1, BASE_ERROR_RATIO * factor + effect.errorRate),
      errorCode: '500',
      medianSeconds: BASE_MEDIAN_SECONDS * factor + effect.latencyMs / 1000,
    };
  };
  if (total === 0)
    return [{ role: 'stable', rps, errorRatio: 1, errorCode: '503', medianSeconds: BASE_MEDIAN_SECONDS }];
  const out = [role('stable', stableRS, stableAvail / total)];
  if (canaryRS) out.push(role('canary', canaryRS, canaryAvail / total));
  return out;
}

// image|revision pairs are few (a handful of releases times customer revisions): hash each once, not every scrape
const fractions = new Map<string, number>();
const MAX_CACHED_FRACTIONS = 100_000;

function hashFraction(s: string): number {
  const cached = fractions.get(s);
  if (cached !== undefined) return cached;
  const h = safeHash(s);
  let n = 0;
  for (const ch of h) n = (n * 31 + ch.charCodeAt(0)) % HASH_BUCKETS;
  if (fractions.size >= MAX_CACHED_FRACTIONS) fractions.clear();
  fractions.set(s, n / HASH_BUCKETS);
  return n / HASH_BUCKETS;
}
