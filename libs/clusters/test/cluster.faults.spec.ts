import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { probeCluster } from '../src/probe/cluster.probe.js';
import { discoverCluster } from '../src/registry/cluster.discovery.js';
import type { ClusterWatchEvent } from '../src/watch/watch.events.js';
import { startDriverWorld, target, until, type DriverWorld } from './driver.fixture.js';

const ACME = target('acme-prod', 'eu-1');
const INITECH = target('initech-prod', 'us-1');
const images = (v: string) => ({ author: `cms/author:${v}`, publish: `cms/publish:${v}` });

describe('cluster driver under faults (fleet-sim)', () => {
  let w: DriverWorld;
  const events: ClusterWatchEvent[] = [];

  beforeAll(async () => {
    w = await startDriverWorld(undefined, { onEvent: (e) => events.push(e) });
  });
  afterAll(async () => {
    await w.close();
  });

  it('resumes a watch from its resourceVersion, and relists on 410 Gone', async () => {
    const handle = w.fleet.registry.get('eu-1')!;
    const synced = () => events.filter((e) => e.type === 'synced' && e.cluster === 'eu-1').length;
    const syncedBefore = synced();
    await handle.watcher!.stop();
    await handle.client.request({
      method: 'PATCH',
      path: '/apis/argoproj.io/v1alpha1/namespaces/acme-prod/rollouts/author',
      body: { metadata: { annotations: { 'ringmaster.io/customer-revision': 'c-2' } } },
      contentType: 'application/merge-patch+json',
    });
    w.sim.compact('eu-1');
    handle.watcher!.start();
    await until(
      async () =>
        handle.watcher!.cache.get('acme-prod', 'author')?.metadata?.annotations?.['ringmaster.io/customer-revision'],
      (v) => v === 'c-2',
    );
    expect(synced()).toBe(syncedBefore + 1);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'customer-revision-changed', cluster: 'eu-1', name: 'author', to: 'c-2' }),
    );
  });

  it('a dead cluster fails fast as data and does not delay the others', async () => {
    const id = w.sim.injectFault({ kind: 'api-outage', cluster: 'eu-1', mode: 'unavailable' });
    try {
      const started = Date.now();
      const [eu, us] = await Promise.all([
        w.fleet.driver.deploy(ACME, images('2026.47.0')),
        w.fleet.driver.deploy(INITECH, images('2026.47.0')).then((r) => ({ r, ms: Date.now() - started })),
      ]);
      expect(eu.outcome).toBe('failed');
      expect(eu.error).toMatchObject({ code: 'UNREACHABLE', retryable: true });
      expect(us.r.outcome).toBe('applied');
      expect(us.ms).toBeLessThan(2_000);
      const health = await until(
        async () => w.fleet.registry.health(),
        (h) => h.find((x) => x.cluster === 'eu-1')?.state === 'unreachable',
      );
      expect(health.find((x) => x.cluster === 'us-1')?.state).toBe('reachable');
      expect(health.find((x) => x.cluster === 'eu-1')?.since).toBeInstanceOf(Date);
    } finally {
      w.sim.clearFaults(id);
    }
    const recovered = await w.fleet.driver.deploy(ACME, images('2026.47.0'));
    expect(recovered.outcome).toBe('applied');
  });

  it('finds a rollback unsafe when the upgrade deleted the Secret the old revision needs', async () => {
    w.sim.injectFault({ kind: 'secret-rotation', match: { image: '2026.49.0' } });
    const globex = target('globex-prod', 'eu-1');
    await until(
      async () => (await w.fleet.driver.observe([globex]))[0],
      (o) => o.components.every((c) => c.status?.settled === true),
    );
    expect((await w.fleet.driver.deploy(globex, images('2026.49.0'))).outcome).toBe('applied');
    const result = await until(
      () => w.fleet.driver.checkRollbackSafety(globex, images('2026.46.0')),
      (r) => r.ok && !r.safety.safe,
    );
    expect(result.ok && !result.safety.safe && result.safety.missing.map((m) => [m.component, m.kind])).toEqual([
      ['author', 'secret'],
      ['publish', 'secret'],
    ]);
  });

  it('discovers environments from the cache', async () => {
    const r = await discoverCluster(w.fleet.registry, 'eu-1');
    expect(r.ok && r.discovery.environments.map((e) => [e.name, e.tenant, e.components.length])).toEqual([
      ['acme-prod', 'acme', 2],
      ['globex-prod', 'globex', 2],
    ]);
    expect(await discoverCluster(w.fleet.registry, 'nowhere')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CLUSTER' },
    });
  });

  describe('probeCluster', () => {
    let bare: Server;
    let bareUrl = '';
    beforeAll(async () => {
      // an API server without Argo Rollouts: core discovery answers, argoproj.io is 404
      bare = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url?.startsWith('/api/v1')) return res.end(JSON.stringify({ kind: 'APIResourceList', resources: [] }));
        res.statusCode = 404;
        res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 }));
      });
      await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
      bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => bare.close(() => r())));

    const kubeconfig = (server: string, token: string) =>
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {token: "${token}"}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`;

    it.each([
      { name: 'a fleet cluster', make: (w: DriverWorld) => w.sim.clusters[0].kubeconfig, expected: { ok: true } },
      {
        name: 'a wrong token',
        make: (w: DriverWorld) => kubeconfig(w.sim.clusters[0].baseUrl, 'wrong'),
        expected: { ok: false, code: 'UNAUTHORIZED' },
      },
      {
        name: 'nothing listening',
        make: () => kubeconfig('http://127.0.0.1:1', 't'),
        expected: { ok: false, code: 'UNREACHABLE' },
      },
      { name: 'no Argo Rollouts', make: () => kubeconfig(bareUrl, 't'), expected: { ok: false, code: 'CRD_MISSING' } },
    ])('$name', async ({ make, expected }) => {
      const r = await probeCluster({ kind: 'inline', kubeconfig: make(w) }, { timeoutMs: 2_000 });
      expect(r).toMatchObject(expected);
    });
  });
});
