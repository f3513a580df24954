import type { DeploymentObject, RolloutObject } from '../kube/kube.types.js';
import {
  ANNOTATION_CUSTOMER_REVISION,
  LABEL_COHORT,
  LABEL_COMPONENT,
  LABEL_ENVIRONMENT,
  LABEL_TENANT,
  RINGMASTER_LABEL_PREFIX,
} from '../kube/kube.constants.js';
import { effectiveTemplate, objectKey, selectContainer } from '../kube/rollout.accessors.js';
import type {
  ClusterDiscovery,
  DiscoveredComponent,
  DiscoveredEnvironment,
  DuplicateEnvironment,
} from './environment.types.js';

/** Input of discovery for one cluster. */
export interface DiscoveryInput {
  cluster: { name: string; labels: Readonly<Record<string, string>> };
  /** Rollouts labelled `ringmaster.io/environment` (others are ignored). */
  rollouts: readonly RolloutObject[];
  /** `workloadRef` Deployments by `namespace/name`, to read their images; absent ones give `image: null`. */
  deployments?: ReadonlyMap<string, DeploymentObject>;
}

const unprefixed = (label: string): string => label.slice(RINGMASTER_LABEL_PREFIX.length);
const COMPONENT_KEY = unprefixed(LABEL_COMPONENT);
const TENANT_KEY = unprefixed(LABEL_TENANT);
const COHORT_KEY = unprefixed(LABEL_COHORT);

/**
 * Groups a cluster's labelled Rollouts into environments (one namespace each). An environment name found in more
 * than one namespace is reported in `duplicates` and left out. Pure; output sorted by name.
 */
export function discoverEnvironments(input: DiscoveryInput): ClusterDiscovery {
  const byName = new Map<string, Map<string, RolloutObject[]>>();
  let count = 0;
  for (const ro of input.rollouts) {
    const env = ro.metadata?.labels?.[LABEL_ENVIRONMENT];
    if (!env) continue;
    count++;
    const namespaces = byName.get(env) ?? new Map<string, RolloutObject[]>();
    const ns = ro.metadata?.namespace ?? '';
    namespaces.set(ns, [...(namespaces.get(ns) ?? []), ro]);
    byName.set(env, namespaces);
  }
  const environments: DiscoveredEnvironment[] = [];
  const duplicates: DuplicateEnvironment[] = [];
  for (const [name, namespaces] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    if (namespaces.size > 1) {
      duplicates.push({
        name,
        locations: [...namespaces.keys()].sort().map((namespace) => ({ cluster: input.cluster.name, namespace })),
      });
      continue;
    }
    const [[namespace, rollouts]] = [...namespaces];
    environments.push(environmentOf(name, namespace, rollouts, input));
  }
  return { cluster: input.cluster.name, environments, duplicates, rollouts: count };
}

/** Environment names found in more than one cluster (each cluster's own duplicates are already reported). */
export function findDuplicatesAcrossClusters(discoveries: readonly ClusterDiscovery[]): DuplicateEnvironment[] {
  const seen = new Map<string, { cluster: string; namespace: string }[]>();
  for (const d of discoveries) {
    for (const e of d.environments)
      seen.set(e.name, [...(seen.get(e.name) ?? []), { cluster: e.cluster, namespace: e.namespace }]);
  }
  return [...seen]
    .filter(([, locations]) => locations.length > 1)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, locations]) => ({ name, locations }));
}

/** A Rollout's component (no I/O): image from the inline template or the given workloadRef Deployment. */
export function componentOf(ro: RolloutObject, deployment?: DeploymentObject): DiscoveredComponent {
  const component = ro.metadata?.labels?.[LABEL_COMPONENT] ?? ro.metadata?.name ?? '';
  const ref = ro.spec?.workloadRef;
  const container = selectContainer(effectiveTemplate(ro, deployment)?.spec?.containers, component);
  return {
    component,
    rollout: ro.metadata?.name ?? '',
    namespace: ro.metadata?.namespace ?? '',
    container: container?.name ?? null,
    image: container?.image ?? null,
    template: ref ? 'workloadRef' : 'inline',
    workloadRef: ref?.name ?? null,
    customerRevision: ro.metadata?.annotations?.[ANNOTATION_CUSTOMER_REVISION] ?? null,
  };
}

function environmentOf(
  name: string,
  namespace: string,
  rollouts: RolloutObject[],
  input: DiscoveryInput,
): DiscoveredEnvironment {
  const components = rollouts
    .map((ro) => {
      const ref = ro.spec?.workloadRef?.name;
      return componentOf(
        ro,
        ref ? input.deployments?.get(objectKey({ metadata: { namespace, name: ref } })) : undefined,
      );
    })
    .sort((a, b) => a.component.localeCompare(b.component) || a.rollout.localeCompare(b.rollout));
  const own: Record<string, string> = {};
  for (const ro of [...rollouts].sort((a, b) => objectKey(a).localeCompare(objectKey(b)))) {
    for (const [k, v] of Object.entries(ro.metadata?.labels ?? {})) {
      if (!k.startsWith(RINGMASTER_LABEL_PREFIX)) continue;
      const key = k.slice(RINGMASTER_LABEL_PREFIX.length);
      if (key !== COMPONENT_KEY && !(key in own)) own[key] = v;
    }
  }
  return {
    name,
    cluster: input.cluster.name,
    namespace,
    tenant: own[TENANT_KEY] ?? null,
    cohort: own[COHORT_KEY] ?? null,
    labels: { ...own, ...input.cluster.labels, cluster: input.cluster.name },
    customerRevision: components.find((c) => c.customerRevision !== null)?.customerRevision ?? null,
    components,
  };
}
