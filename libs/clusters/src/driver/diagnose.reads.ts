import { analysisRunPath, podsPath } from '../kube/api.paths.js';
import { LABEL_POD_TEMPLATE_HASH } from '../kube/kube.constants.js';
import type { AnalysisRunObject, KubeList, PodObject, RolloutObject } from '../kube/kube.types.js';
import { podFailureSignals } from '../status/pod-signals.js';
import type { RolloutStatusSnapshot } from '../status/rollout-status.types.js';
import type { ClusterReader } from './cluster.reader.js';

/**
 * Adds what explains a failing component to its status: failure signals of the desired (canary) ReplicaSet's pods,
 * and per-metric results of the AnalysisRuns the Rollout reports. One pod list and one read per AnalysisRun.
 */
export async function diagnoseComponent(
  reader: ClusterReader,
  rollout: RolloutObject,
  status: RolloutStatusSnapshot,
): Promise<RolloutStatusSnapshot> {
  const namespace = rollout.metadata?.namespace ?? '';
  const hash = status.currentPodHash;
  const pods = hash
    ? await reader.handle.client.request<KubeList<PodObject>>(
        { method: 'GET', path: podsPath(namespace), query: { labelSelector: `${LABEL_POD_TEMPLATE_HASH}=${hash}` } },
        reader.signal,
      )
    : { items: [] };
  const analysis = await Promise.all(
    status.analysis.map(async (a) => {
      const run = await reader.getOrUndefined<AnalysisRunObject>(analysisRunPath(namespace, a.name));
      const metrics = (run?.status?.metricResults ?? []).map((m) => ({
        name: m.name ?? '',
        phase: m.phase ?? 'Pending',
        message: m.message || null,
      }));
      return { ...a, metrics };
    }),
  );
  return { ...status, podSignals: podFailureSignals(pods.items ?? []), analysis };
}
