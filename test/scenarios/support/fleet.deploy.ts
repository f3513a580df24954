import type { FleetCluster } from '@ringmaster/fleet-sim';

/** One fleet-sim cluster's Rollouts, over the Kubernetes wire format with the cluster's bearer token. */
export interface RolloutsApi {
  cluster: FleetCluster;
}

/** The Rollouts of one fleet-sim cluster. */
export function rolloutsApi(cluster: FleetCluster): RolloutsApi {
  return { cluster };
}

function rolloutUrl(api: RolloutsApi, namespace: string, name: string): string {
  const ns = encodeURIComponent(namespace);
  return `${api.cluster.baseUrl}/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/${encodeURIComponent(name)}`;
}

async function call(api: RolloutsApi, url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${api.cluster.token}`, ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Sets a Rollout's first container image (starts a canary). */
export async function setImage(api: RolloutsApi, namespace: string, name: string, image: string): Promise<void> {
  await call(api, rolloutUrl(api, namespace, name), {
    method: 'PATCH',
    headers: { 'content-type': 'application/json-patch+json' },
    body: JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }]),
  });
}

/** Polls until the Rollout reaches `phase`. */
export async function waitForPhase(
  api: RolloutsApi,
  namespace: string,
  name: string,
  phase: string,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = (await call(api, rolloutUrl(api, namespace, name))) as { status?: { phase?: string } };
    if (r.status?.phase === phase) return;
    if (Date.now() > until) throw new Error(`${namespace}/${name} not ${phase} in ${timeoutMs} ms: ${r.status?.phase}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls `read` until `ok` holds; returns the last value. */
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
