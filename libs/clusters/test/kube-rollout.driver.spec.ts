import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { stampOf } from '../src/driver/deploy.stamp.js';
import type { TargetObservation } from '../src/driver/rollout.driver.js';
import type { RolloutObject } from '../src/kube/kube.types.js';
import { KubeRolloutDriver } from '../src/driver/kube-rollout.driver.js';
import { countsSince, DRIVER_OPTIONS, startDriverWorld, target, until, type DriverWorld } from './driver.fixture.js';

const V1 = '2026.46.0';
const images = (v: string) => ({ author: `cms/author:${v}`, publish: `cms/publish:${v}` });
const ACME = target('acme-prod', 'eu-1');
const GLOBEX = target('globex-prod', 'eu-1');
const INITECH = target('initech-prod', 'us-1');

describe('KubeRolloutDriver against fleet-sim', () => {
  let w: DriverWorld;
  const observe = async (t = ACME) => (await w.fleet.driver.observe([t]))[0];
  const all = (pred: (c: TargetObservation['components'][number]) => boolean) => (o: TargetObservation) =>
    o.components.length > 0 && o.components.every(pred);

  beforeAll(async () => {
    w = await startDriverWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  it('observes from the caches: no requests, but one read of a workloadRef Deployment per Rollout change', async () => {
    // every Rollout settled first: one still changing would (rightly) have its Deployment read again
    const settled = all((c) => c.status?.settled === true);
    await until(
      () => w.fleet.driver.observe([ACME, INITECH]),
      (os) => os.every(settled),
    );
    const driver = new KubeRolloutDriver(w.fleet.registry, DRIVER_OPTIONS); // has read no Deployment yet
    const before = w.sim.requestCounts();
    const [acme, initech] = await driver.observe([ACME, INITECH]);
    expect(acme.components.map((c) => [c.component, c.status?.image, c.status?.settled])).toEqual([
      ['author', `cms/author:${V1}`, true],
      ['publish', `cms/publish:${V1}`, true],
    ]);
    expect(acme.clusterHealth?.state).toBe('reachable');
    // initech's Rollouts use workloadRef: their first observation read each Deployment once
    expect(initech.components.map((c) => c.status?.image)).toEqual([`cms/author:${V1}`, `cms/publish:${V1}`]);
    const after = w.sim.requestCounts();
    expect(after.get - before.get + after.list - before.list + after.patch - before.patch).toBe(2);
    // unchanged Rollouts: the next passes cost nothing, and reuse what was normalized (same objects; every test
    // below that waits for an observation to change shows a changed Rollout is observed afresh)
    await driver.observe([ACME, INITECH]);
    const [acmeAgain, initechAgain] = await driver.observe([ACME, INITECH]);
    const steady = w.sim.requestCounts();
    expect(steady.get - after.get + steady.list - after.list + steady.patch - after.patch).toBe(0);
    acmeAgain.components.forEach((c, i) => expect(c).toBe(acme.components[i]));
    initechAgain.components.forEach((c, i) => expect(c).toBe(initech.components[i]));
  });

  it('a clean deploy costs one write per component, no reads, and stamps the attempt', async () => {
    const before = w.sim.requestCounts('eu-1');
    const r = await w.fleet.driver.deploy(ACME, images('2026.47.0'), { train: 'train-1', attempt: 1 });
    expect(r.outcome).toBe('applied');
    const paused = await until(
      observe,
      all((c) => c.status?.paused === true && c.deployStamp?.attempt === 1),
    );
    expect(paused.components.map((c) => c.deployStamp)).toEqual([
      { train: 'train-1', attempt: 1 },
      { train: 'train-1', attempt: 1 },
    ]);
    const d = countsSince(w.sim, 'eu-1', before);
    expect({ patch: d.patch, get: d.get, list: d.list }).toEqual({ patch: 2, get: 0, list: 0 });
    // idempotent: the same call writes nothing
    const again = await w.fleet.driver.deploy(ACME, images('2026.47.0'), { train: 'train-1', attempt: 1 });
    expect(again.outcome).toBe('noop');
    expect(countsSince(w.sim, 'eu-1', before).patch).toBe(2);
  });

  it('promote only when paused; then the Rollout settles on the new image', async () => {
    const p = await w.fleet.driver.promote(ACME);
    expect(p.components.map((c) => c.outcome)).toEqual(['applied', 'applied']);
    const settled = await until(
      observe,
      all((c) => c.status?.settled === true && c.status.image?.endsWith('2026.47.0') === true),
    );
    expect(settled.components.every((c) => c.status?.fullyPromoted)).toBe(true);
    const again = await w.fleet.driver.promote(ACME);
    expect(again.outcome).toBe('noop');
  });

  it('abort, abort again (noop), retry, then promote --full', async () => {
    await w.fleet.driver.deploy(GLOBEX, images('2026.47.0'));
    await until(
      () => observe(GLOBEX),
      all((c) => c.status?.paused === true),
    );
    expect((await w.fleet.driver.abort(GLOBEX)).outcome).toBe('applied');
    await until(
      () => observe(GLOBEX),
      all((c) => c.status?.aborted === true),
    );
    expect((await w.fleet.driver.abort(GLOBEX)).outcome).toBe('noop');
    expect((await w.fleet.driver.retry(GLOBEX)).outcome).toBe('applied');
    await until(
      () => observe(GLOBEX),
      all((c) => c.status?.aborted === false),
    );
    expect((await w.fleet.driver.retry(GLOBEX)).outcome).toBe('noop');
    expect((await w.fleet.driver.promoteFull(GLOBEX)).outcome).toBe('applied');
    await until(
      () => observe(GLOBEX),
      all((c) => c.status?.settled === true && c.status.image?.endsWith('2026.47.0') === true),
    );
    expect((await w.fleet.driver.promoteFull(GLOBEX)).outcome).toBe('noop');
  });

  it('deploys a workloadRef target: image on the Deployment, stamp on the Rollout (2 writes per component)', async () => {
    const before = w.sim.requestCounts('us-1');
    const r = await w.fleet.driver.deploy(INITECH, images('2026.47.0'), { train: 'train-1', attempt: 2 });
    expect(r.outcome).toBe('applied');
    const d = countsSince(w.sim, 'us-1', before);
    expect({ patch: d.patch, get: d.get }).toEqual({ patch: 4, get: 2 });
    const deployed = await until(
      () => observe(INITECH),
      all((c) => c.deployStamp?.attempt === 2 && c.status?.image?.endsWith('2026.47.0') === true),
    );
    // observed on the release: the Deployments were re-read once their Rollouts changed
    expect(deployed.components.map((c) => c.status?.image)).toEqual(Object.values(images('2026.47.0')));
    const history = w.sim.imageHistory('initech-prod').map((h) => h.image ?? h);
    expect(JSON.stringify(history)).toContain('2026.47.0');
  });

  it('rolls back by undo to the revision running the previous image, and is a noop once there', async () => {
    const safety = await w.fleet.driver.checkRollbackSafety(ACME, images(V1));
    expect(safety).toMatchObject({ ok: true, safety: { safe: true } });
    const r = await w.fleet.driver.rollback(ACME, images(V1));
    expect(r.outcome).toBe('applied');
    await until(
      observe,
      all((c) => c.status?.image?.endsWith(V1) === true),
    );
    await until(
      observe,
      all((c) => c.status?.paused === true || c.status?.settled === true),
    );
    expect((await w.fleet.driver.rollback(ACME, images(V1))).outcome).toBe('noop');
  });

  it('rejects an invalid patch as INVALID, not retryable (422)', async () => {
    const r = await w.fleet.driver.deploy(ACME, { author: 42 as unknown as string });
    expect(r.outcome).toBe('failed');
    expect(r.components[0].error).toMatchObject({ code: 'INVALID', retryable: false });
  });

  describe('writes from a cache behind the cluster (its watch stopped)', () => {
    const handle = () => w.fleet.registry.get('eu-1')!;
    const rolloutPath = (ns: string, name: string) => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/${name}`;
    const patchAsSomeoneElse = (path: string, body: unknown, contentType = 'application/merge-patch+json') =>
      handle().client.request({ method: 'PATCH', path, body, contentType });
    const setImageAsSomeoneElse = (ns: string, image: string) =>
      patchAsSomeoneElse(
        rolloutPath(ns, 'author'),
        [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }],
        'application/json-patch+json',
      );
    const cachedVersion = (ns: string, name: string) =>
      handle().watcher!.cache.get(ns, name)?.metadata?.resourceVersion;
    const storedVersion = async (ns: string, name: string) =>
      (await handle().client.request<RolloutObject>({ method: 'GET', path: rolloutPath(ns, name) })).metadata
        ?.resourceVersion;

    beforeEach(async () => {
      await handle().watcher!.stop(); // the cache stays as it was
    });
    afterEach(async () => {
      handle().watcher!.start();
      await handle().watcher!.waitForSync();
    });

    it('a Rollout whose status kept changing still deploys with one write per component and no read', async () => {
      for (const name of ['author', 'publish'])
        for (const n of [1, 2, 3])
          await patchAsSomeoneElse(`${rolloutPath('acme-prod', name)}/status`, { status: { message: `write ${n}` } });
      // what a resourceVersion lock would have tripped on
      expect(await storedVersion('acme-prod', 'author')).not.toBe(cachedVersion('acme-prod', 'author'));
      const before = w.sim.requestCounts('eu-1');
      const r = await w.fleet.driver.deploy(ACME, images('2026.48.0'), { train: 'train-2', attempt: 1 });
      expect(r.outcome).toBe('applied');
      const d = countsSince(w.sim, 'eu-1', before);
      expect({ patch: d.patch, get: d.get, list: d.list }).toEqual({ patch: 2, get: 0, list: 0 });
      const stored = await handle().client.request<RolloutObject>({
        method: 'GET',
        path: rolloutPath('acme-prod', 'author'),
      });
      expect(stored.spec?.template?.spec?.containers?.[0].image).toBe('cms/author:2026.48.0');
      expect(stampOf(stored)).toEqual({ train: 'train-2', attempt: 1 });
    });

    it('someone else changed the image: the test fails (422), one fresh read, planned again and applied', async () => {
      await setImageAsSomeoneElse('globex-prod', 'cms/author:2026.47.5');
      const before = w.sim.requestCounts('eu-1');
      const r = await w.fleet.driver.deploy(GLOBEX, { author: 'cms/author:2026.48.0' });
      expect(r.outcome).toBe('applied');
      const d = countsSince(w.sim, 'eu-1', before);
      expect({ patch: d.patch, get: d.get }).toEqual({ patch: 2, get: 1 });
      expect(w.sim.imageHistory('globex-prod').map((h) => h.image ?? h)).toContain('cms/author:2026.48.0');
    });

    it('someone else already set the image: planned again, a noop (no second write)', async () => {
      await setImageAsSomeoneElse('globex-prod', 'cms/author:2026.49.0');
      const before = w.sim.requestCounts('eu-1');
      const r = await w.fleet.driver.deploy(GLOBEX, { author: 'cms/author:2026.49.0' });
      expect(r.outcome).toBe('noop');
      const d = countsSince(w.sim, 'eu-1', before);
      expect({ patch: d.patch, get: d.get }).toEqual({ patch: 1, get: 1 });
    });
  });
});
