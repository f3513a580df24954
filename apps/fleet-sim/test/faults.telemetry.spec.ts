import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { type FleetSim, startFleetSim } from '../src/index.js';
import type { Loose } from '../src/store/k8s.types.js';
import { eventually, JSON_PATCH, kubeConfigFor, ROLLOUT, smallScenario } from './fleet.fixture.js';

/** Parses Prometheus text into `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

const series = (ns: string, role: string, code: string) =>
  `http_requests_total{namespace="${ns}",rollout="author",role="${role}",code="${code}"}`;

describe('traffic, telemetry and faults', () => {
  let sim: FleetSim;
  let custom: k8s.CustomObjectsApi;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    sim = await startFleetSim({ scenario: smallScenario() });
    const kc = kubeConfigFor(sim.clusters[0]);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    core = kc.makeApiClient(k8s.CoreV1Api);
    await eventually(
      () =>
        custom.getNamespacedCustomObject({ ...ROLLOUT, namespace: 'acme-prod', name: 'author' }) as Promise<{
          status?: Loose;
        }>,
      (r) => r.status?.phase === 'Healthy',
    );
  });
  afterAll(async () => {
    await sim.close();
  });

  const scrape = async (cluster = 'eu-1') => {
    const res = await fetch(`${sim.url}/clusters/${cluster}/metrics`);
    return {
      status: res.status,
      metrics: res.status === 200 ? parseMetrics(await res.text()) : new Map<string, number>(),
    };
  };
  const setImage = (namespace: string, image: string) =>
    custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace,
        name: 'author',
        body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }],
      },
      JSON_PATCH,
    );

  it('exposes request counters and latency histograms that grow with the environment rate', async () => {
    await scrape();
    await new Promise((r) => setTimeout(r, 400));
    const { metrics } = await scrape();
    const busy = metrics.get(series('acme-prod', 'stable', '200'))!;
    expect(busy).toBeGreaterThan(0);
    const quiet = metrics.get(series('globex-prod', 'stable', '200')) ?? 0;
    expect(quiet).toBeLessThan(busy);
    const buckets = [...metrics].filter(([k]) =>
      k.startsWith('http_request_duration_seconds_bucket{namespace="acme-prod",rollout="author",role="stable"'),
    );
    const values = buckets.map(([, v]) => v);
    expect(values.length).toBe(12);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });

  it('splits traffic to a canary, whose errors follow a bad release', async () => {
    const id = sim.injectFault({
      kind: 'bad-release',
      match: { image: '2026.47.9' },
      effect: 'error-rate',
      errorRate: 0.5,
    });
    await setImage('acme-prod', 'cms/author:2026.47.9');
    await eventually(
      () =>
        custom.getNamespacedCustomObject({ ...ROLLOUT, namespace: 'acme-prod', name: 'author' }) as Promise<{
          status: Loose;
        }>,
      (r) => r.status?.phase === 'Paused',
    );
    await scrape();
    await new Promise((r) => setTimeout(r, 500));
    const { metrics } = await scrape();
    const canaryErr = metrics.get(series('acme-prod', 'canary', '500'))!;
    const canaryOk = metrics.get(series('acme-prod', 'canary', '200'))!;
    const stableErr = metrics.get(series('acme-prod', 'stable', '500')) ?? 0;
    const stableOk = metrics.get(series('acme-prod', 'stable', '200'))!;
    expect(canaryErr / (canaryErr + canaryOk)).toBeGreaterThan(0.3);
    expect(stableErr / (stableErr + stableOk)).toBeLessThan(0.05);
    sim.clearFaults(id);
  });

  it('a metrics outage answers 503 on the cluster metrics endpoint only', async () => {
    const id = sim.injectFault({ kind: 'metrics-outage', cluster: 'eu-1' });
    expect((await scrape('eu-1')).status).toBe(503);
    expect((await scrape('us-1')).status).toBe(200);
    sim.clearFaults(id);
    expect((await scrape('eu-1')).status).toBe(200);
  });

  it.each([
    ['unavailable', 503, undefined],
    ['throttle', 429, '3'],
  ])('an API outage (%s) answers %i with a Status', async (mode, code, retryAfter) => {
    const id = sim.injectFault({
      kind: 'api-outage',
      cluster: 'eu-1',
      mode: mode as 'unavailable' | 'throttle',
      retryAfterSeconds: 3,
    });
    const err = await core.listNamespace().catch((e) => e);
    expect(err.code).toBe(code);
    if (retryAfter) expect(err.headers['retry-after']).toBe(retryAfter);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', code });
    sim.clearFaults(id);
    await expect(core.listNamespace()).resolves.toBeDefined();
  });

  it('an API outage in timeout mode never answers', async () => {
    const id = sim.injectFault({ kind: 'api-outage', cluster: 'eu-1', mode: 'timeout' });
    const c = sim.clusters[0];
    const err = await fetch(`${c.baseUrl}/api/v1/namespaces`, {
      headers: { authorization: `Bearer ${c.token}` },
      signal: AbortSignal.timeout(300),
    }).catch((e) => e);
    expect(err.name).toBe('TimeoutError');
    sim.clearFaults(id);
  });

  it('a customer-code change moves the revision annotation and breaks stable and canary alike', async () => {
    sim.injectFault({ kind: 'customer-code', environment: 'globex-prod', revision: 'r2-broken', effect: 'crashloop' });
    const r = (await eventually(
      () =>
        custom.getNamespacedCustomObject({ ...ROLLOUT, namespace: 'globex-prod', name: 'author' }) as Promise<{
          metadata: Loose;
        }>,
      (x) => x.metadata.annotations?.['ringmaster.io/customer-revision'] === 'r2-broken',
    )) as { metadata: Loose };
    expect(r.metadata.annotations['ringmaster.io/customer-revision']).toBe('r2-broken');
    const pods = await eventually(
      () => core.listNamespacedPod({ namespace: 'globex-prod', labelSelector: 'app=author' }),
      (l) =>
        l.items.length > 0 &&
        l.items.every((p) => p.status?.containerStatuses?.[0].state?.waiting?.reason === 'CrashLoopBackOff'),
    );
    expect(pods.items.every((p) => p.metadata?.labels?.role === 'stable')).toBe(true);
  });

  it('image-pull failures leave new pods in ImagePullBackOff', async () => {
    sim.injectFault({ kind: 'image-pull', match: { image: '2026.47.7' }, environments: ['acme-prod'] });
    await setImage('acme-prod', 'cms/author:2026.47.7');
    await eventually(
      () => core.listNamespacedPod({ namespace: 'acme-prod', labelSelector: 'app=author,role=canary' }),
      (l) => l.items.some((p) => p.status?.containerStatuses?.[0].state?.waiting?.reason === 'ImagePullBackOff'),
    );
  });

  it('the control API reports requests by verb, image history and faults, and injects faults', async () => {
    const counts = (await (await fetch(`${sim.url}/control/requests?cluster=eu-1`)).json()) as Record<string, number>;
    expect(counts.patch).toBeGreaterThan(0);
    const byCluster = (await (await fetch(`${sim.url}/control/requests/by-cluster`)).json()) as Record<
      string,
      Record<string, number>
    >;
    expect(Object.keys(byCluster).sort()).toEqual(sim.clusters.map((c) => c.name).sort());
    expect(byCluster['eu-1']).toEqual(sim.requestCounts('eu-1'));
    const images = (await (await fetch(`${sim.url}/control/environments/acme-prod/images`)).json()) as {
      component: string;
      image: string;
    }[];
    expect(images.filter((i) => i.component === 'author').map((i) => i.image)).toEqual([
      'cms/author:2026.46.0',
      'cms/author:2026.47.9',
      'cms/author:2026.47.7',
    ]);
    const bad = await fetch(`${sim.url}/control/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'api-outage' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("must have required property 'cluster'");
    const ok = await fetch(`${sim.url}/control/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'metrics-outage', cluster: 'us-1', at: '1h' }),
    });
    const { id } = (await ok.json()) as { id: string };
    const faults = (await (await fetch(`${sim.url}/control/faults`)).json()) as { id: string; active: boolean }[];
    expect(faults.find((f) => f.id === id)?.active).toBe(false);
    expect((await fetch(`${sim.url}/control/faults/${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});
