import * as k8s from '@kubernetes/client-node';
import type { FleetCluster, FleetScenario } from '../src/index.js';

/** A small fleet for tests: two clusters, three environments (one on a workloadRef Deployment), fast pods and pauses. */
export function smallScenario(overrides: Partial<FleetScenario> = {}): FleetScenario {
  return {
    name: 'test',
    settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 3, bookmarkInterval: '300ms' },
    platform: { version: '2026.46.0' },
    clusters: [
      { name: 'eu-1', region: 'eu', labels: { tier: 'prod' } },
      { name: 'us-1', region: 'us', labels: { tier: 'prod' } },
    ],
    canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
    environments: {
      list: [
        { name: 'acme-prod', cluster: 'eu-1', tenant: 'acme', cohort: 'early', rps: 50, replicas: 2 },
        { name: 'globex-prod', cluster: 'eu-1', tenant: 'globex', cohort: 'late', rps: 0.05, replicas: 2 },
        { name: 'initech-prod', cluster: 'us-1', tenant: 'initech', workloadRef: true, replicas: 2 },
      ],
    },
    ...overrides,
  };
}

/** A KubeConfig for a fleet cluster, built the way Ringmaster loads a registered kubeconfig. */
export function kubeConfigFor(cluster: FleetCluster): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  return kc;
}

export const ROLLOUT = { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' } as const;
export const MERGE = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
export const JSON_PATCH = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);

/** Polls `read` until `ok` holds (or fails after `timeoutMs` with the last value). */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}
