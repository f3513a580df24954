import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { type FleetSim, startFleetSim } from '../src/index.js';
import { kubeConfigFor, MERGE, ROLLOUT, smallScenario } from './fleet.fixture.js';

interface Seen {
  phase: string;
  name?: string;
  rv: string;
}

/** Starts a client-node watch and collects its events until `done`. */
async function watch(kc: k8s.KubeConfig, path: string, query: Record<string, string | number | boolean | undefined>) {
  const events: Seen[] = [];
  let ended: ((err: unknown) => void) | undefined;
  const finished = new Promise<unknown>((resolve) => (ended = resolve));
  const ctrl = await new k8s.Watch(kc).watch(
    path,
    query,
    (phase, obj) => events.push({ phase, name: obj?.metadata?.name, rv: obj?.metadata?.resourceVersion }),
    (err) => ended!(err),
  );
  return { events, finished, ctrl };
}

const until = async (cond: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('watches as client-node drives them', () => {
  let sim: FleetSim;
  let kc: k8s.KubeConfig;
  let custom: k8s.CustomObjectsApi;

  beforeAll(async () => {
    sim = await startFleetSim({ scenario: smallScenario() });
    kc = kubeConfigFor(sim.clusters[0]);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
  });
  afterAll(async () => {
    await sim.close();
  });

  const touch = (namespace: string, name: string, value: string) =>
    custom.patchNamespacedCustomObject(
      { ...ROLLOUT, namespace, name, body: { metadata: { annotations: { touched: value } } } },
      MERGE,
    );

  it('sends ADDED for existing objects, then changes, honouring the label selector', async () => {
    const w = await watch(kc, '/apis/argoproj.io/v1alpha1/rollouts', { labelSelector: 'ringmaster.io/tenant=globex' });
    await until(() => w.events.filter((e) => e.phase === 'ADDED').length === 2);
    await touch('globex-prod', 'author', 'a');
    await touch('acme-prod', 'author', 'a');
    await until(() => w.events.some((e) => e.phase === 'MODIFIED' && e.name === 'author'));
    w.ctrl.abort();
    expect(w.events.every((e) => e.name === 'author' || e.name === 'publish')).toBe(true);
    expect(
      w.events
        .filter((e) => e.phase === 'ADDED')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['author', 'publish']);
  });

  it('resumes from a resourceVersion with only the later changes', async () => {
    const list = (await custom.listNamespacedCustomObject({ ...ROLLOUT, namespace: 'acme-prod' })) as {
      metadata: { resourceVersion: string };
    };
    const rv = list.metadata.resourceVersion;
    await touch('acme-prod', 'publish', 'resume-1');
    const w = await watch(kc, '/apis/argoproj.io/v1alpha1/namespaces/acme-prod/rollouts', { resourceVersion: rv });
    await until(() => w.events.some((e) => e.phase === 'MODIFIED' && e.name === 'publish'));
    w.ctrl.abort();
    expect(w.events.some((e) => e.phase === 'ADDED')).toBe(false);
    expect(w.events.every((e) => Number(e.rv) > Number(rv))).toBe(true);
  });

  it('sends BOOKMARK events when asked, carrying the current resourceVersion', async () => {
    const list = (await custom.listNamespacedCustomObject({ ...ROLLOUT, namespace: 'acme-prod' })) as {
      metadata: { resourceVersion: string };
    };
    const w = await watch(kc, '/apis/argoproj.io/v1alpha1/namespaces/acme-prod/rollouts', {
      resourceVersion: list.metadata.resourceVersion,
      allowWatchBookmarks: true,
    });
    await until(() => w.events.some((e) => e.phase === 'BOOKMARK'));
    w.ctrl.abort();
    const bm = w.events.find((e) => e.phase === 'BOOKMARK')!;
    expect(Number(bm.rv)).toBeGreaterThanOrEqual(Number(list.metadata.resourceVersion));
  });

  it('answers 410 Gone for a resourceVersion older than the kept history', async () => {
    const list = (await custom.listNamespacedCustomObject({ ...ROLLOUT, namespace: 'acme-prod' })) as {
      metadata: { resourceVersion: string };
    };
    await touch('acme-prod', 'publish', 'before-compaction');
    const res = await fetch(`${sim.url}/control/clusters/eu-1/compact`, { method: 'POST' });
    expect(res.status).toBe(200);
    const w = await watch(kc, '/apis/argoproj.io/v1alpha1/namespaces/acme-prod/rollouts', {
      resourceVersion: list.metadata.resourceVersion,
    });
    const err = (await w.finished) as { statusCode?: number };
    expect(err?.statusCode).toBe(410);
    const raw = await fetch(
      `${sim.clusters[0].baseUrl}/apis/argoproj.io/v1alpha1/rollouts?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      {
        headers: { authorization: `Bearer ${sim.clusters[0].token}` },
      },
    );
    expect(raw.status).toBe(410);
    expect(await raw.json()).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
  });

  it('ends the stream when the server closes it (timeoutSeconds), so clients re-watch', async () => {
    const w = await watch(kc, '/api/v1/namespaces/acme-prod/pods', { timeoutSeconds: 1 });
    const err = await w.finished;
    expect(err).toBeNull();
    expect(w.events.length).toBeGreaterThan(0);
  });
});
