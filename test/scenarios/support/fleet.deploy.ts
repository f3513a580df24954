import * as k8s from '@kubernetes/client-node';
import type { FleetCluster } from '@ringmaster/fleet-sim';

const ROLLOUT = { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' } as const;
const JSON_PATCH = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);

/** The custom-objects API of one fleet-sim cluster, through its kubeconfig. */
export function rolloutsApi(cluster: FleetCluster): k8s.CustomObjectsApi {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  return kc.makeApiClient(k8s.CustomObjectsApi);
}

/** Sets a Rollout's first container image (starts a canary). */
export async function setImage(api: k8s.CustomObjectsApi, namespace: string, name: string, image: string) {
  await api.patchNamespacedCustomObject(
    {
      ...ROLLOUT,
      namespace,
      name,
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }],
    },
    JSON_PATCH,
  );
}

/** Polls until the Rollout reaches `phase`. */
export async function waitForPhase(
  api: k8s.CustomObjectsApi,
  namespace: string,
  name: string,
  phase: string,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = (await api.getNamespacedCustomObject({ ...ROLLOUT, namespace, name })) as { status?: { phase?: string } };
    if (r.status?.phase === phase) return;
    if (Date.now() > until) throw new Error(`${namespace}/${name} not ${phase} in ${timeoutMs} ms: ${r.status?.phase}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls `check` until it holds; returns its last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(last, replacer)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  return last;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
