import type { ClusterCredentials } from '../connection/cluster-credentials.js';
import { KubeconfigError, loadKubeconfig } from '../connection/kubeconfig.loader.js';
import { ClusterHealthTracker, type Clock } from '../health/cluster-health.js';
import { allRolloutsPath, argoDiscoveryPath, coreDiscoveryPath } from '../kube/api.paths.js';
import { ROLLOUTS_PLURAL } from '../kube/kube.constants.js';
import { KubeApiError } from '../transport/kube-api.error.js';
import { KubeClient } from '../transport/kube.client.js';
import { ClientNodeTransport } from '../transport/kube.transport.js';

/** Why a cluster cannot be registered. */
export type ProbeFailureCode = 'UNREACHABLE' | 'UNAUTHORIZED' | 'CRD_MISSING';

/** The outcome of `probeCluster`, as data (registerCluster maps a failure to its error code). */
export type ProbeResult = { ok: true } | { ok: false; code: ProbeFailureCode; message: string };

/** Limits of a probe. */
export interface ProbeOptions {
  timeoutMs?: number;
  clock?: Clock;
}

const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/**
 * Checks that Ringmaster can drive a cluster with these credentials, in three requests: the API answers and
 * accepts the credentials (`/api/v1`), Argo Rollouts' CRD is served (`argoproj.io/v1alpha1` lists `rollouts`),
 * and the credentials may list Rollouts in all namespaces. Never throws. An unusable kubeconfig (no such context,
 * bad server URL) is `UNREACHABLE` with the loader's message.
 */
export async function probeCluster(credentials: ClusterCredentials, options: ProbeOptions = {}): Promise<ProbeResult> {
  const clock = options.clock ?? (() => new Date());
  let client: KubeClient;
  try {
    const loaded = loadKubeconfig(credentials);
    client = new KubeClient('probe', new ClientNodeTransport(loaded, clock), new ClusterHealthTracker('probe', clock), {
      rateLimit: { qps: 10, burst: 10 },
      requestTimeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      retry: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 },
    });
  } catch (e) {
    if (e instanceof KubeconfigError) return { ok: false, code: 'UNREACHABLE', message: e.message };
    throw e;
  }
  try {
    await client.request({ method: 'GET', path: coreDiscoveryPath() });
    let resources: { name?: string }[] = [];
    try {
      const doc = await client.request<{ resources?: { name?: string }[] }>({
        method: 'GET',
        path: argoDiscoveryPath(),
      });
      resources = doc.resources ?? [];
    } catch (e) {
      if (!(e instanceof KubeApiError && e.kind === 'not-found')) throw e;
    }
    if (!resources.some((r) => r.name === ROLLOUTS_PLURAL)) {
      return {
        ok: false,
        code: 'CRD_MISSING',
        message: 'Argo Rollouts is not installed: argoproj.io/v1alpha1 serves no rollouts',
      };
    }
    await client.request({ method: 'GET', path: allRolloutsPath(), query: { limit: 1 } });
    return { ok: true };
  } catch (e) {
    const err = e instanceof KubeApiError ? e : undefined;
    if (err?.kind === 'unauthorized' || err?.kind === 'forbidden') {
      return { ok: false, code: 'UNAUTHORIZED', message: `the cluster refused the credentials: ${err.message}` };
    }
    return { ok: false, code: 'UNREACHABLE', message: `the cluster's API did not answer: ${(e as Error).message}` };
  } finally {
    client.close();
  }
}
