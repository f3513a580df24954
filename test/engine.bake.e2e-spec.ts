import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RingPolicy, TrainState } from '@ringmaster/domain';
import type { FleetScenario } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase } from '@ringmaster/persistence';
import { BakeObserver } from '../apps/ringmaster/src/telemetry/bake.observer.js';
import { EngineHarness } from './engine.harness.js';
import { startPrometheus, type PrometheusServer } from './scenarios/support/prometheus.server.js';

// Bake telemetry in the reconcile pass, against a real Prometheus scraping fleet-sim: a release that raises the
// error rate is failed by the bake, attributed RELEASE and halts the train; a Prometheus that goes away mid-bake
// stops the bake clock (nothing fails, nothing passes) until it is back. Embedded PGlite only: the database mode is
// covered by the other engine tests, Prometheus is what this one is about.

const OLD = '2026.48.0';
const GOOD = '2026.48.7';
const BAD = '2026.48.6';
/** Let Prometheus gather the old release's traffic before a train touches anything (the bake's baseline). */
const BASELINE_MS = 6_000;

const envs = [
  ['bad-a', 'eu-1', 'acme'],
  ['bad-b', 'us-1', 'globex'],
  ['bad-c', 'eu-1', 'initech'],
  ['out-a', 'eu-1', 'umbrella'],
  ['out-b', 'us-1', 'hooli'],
] as const;

const scenario: FleetScenario = {
  name: 'engine-bake',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 5, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: envs.map(([name, cluster, tenant]) => ({
      name,
      cluster,
      tenant,
      rps: 400,
      components: ['author'],
      labels: { group: name.split('-')[0] },
    })),
  },
  faults: [{ kind: 'bad-release', match: { image: BAD }, effect: 'error-rate', errorRate: 0.2 }],
};

function ring(selector: string, bakeMs: number): RingPolicy {
  const base = { name: 'cohort', kind: 'COHORT' as const, selector, maxParallel: 3, bakeMs, gate: 'AUTO' as const };
  return { ...base, failureBudget: { maxFailures: 0 }, analysis: {} };
}

const settled = (s: TrainState) => ['COMPLETED', 'HALTED', 'ROLLED_BACK'].includes(s.status);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a pass every 200 ms until `until` (the reconcile loop's ticks, without waiting for due times). */
async function passesUntil(
  reconciler: { reconcile(id: string, now: number): Promise<unknown> },
  id: string,
  until: number,
) {
  while (Date.now() < until) {
    await reconciler.reconcile(id, Date.now());
    await sleep(200);
  }
}

describe('bake telemetry in the reconcile pass, with real Prometheus and fleet-sim', () => {
  let prometheus: PrometheusServer;
  const h = new EngineHarness({
    scenario,
    database: embeddedTestDatabase,
    releases: [GOOD, BAD],
    components: ['author'],
    prometheusFor: async (sim) => {
      prometheus = await startPrometheus(sim.clusters.map((c) => ({ job: c.name, url: c.metricsUrl })));
      return prometheus.url;
    },
  });
  const bake = new BakeObserver({ minWindowSeconds: 5 });

  beforeAll(async () => {
    await h.start();
    await sleep(BASELINE_MS);
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await h.close();
  });

  it('an error-rate regression is failed by the bake, attributed RELEASE, and halts the train', async () => {
    const id = await h.startTrain(BAD, { autoRollback: false, rings: [ring('group=bad', 60_000)] });
    const state = await h.driveUntil(h.reconciler({ bake }), id, settled);

    expect(state.status).toBe('HALTED');
    // three tenants over two clusters: a fleet spread halts at once, or the budget runs out first
    expect(state.haltReason).toMatch(
      /^(failure budget of ring cohort exhausted|fleet spread in ring cohort: ERROR_RATE_REGRESSION)/,
    );
    const failed = state.targets.filter((t) => t.status === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) expect(t.failureSignature).toBe('ERROR_RATE_REGRESSION');
    expect(failed.some((t) => t.cause === 'RELEASE')).toBe(true);
    const rows = await h.attributions.listForTrain(id);
    expect(rows.some((r) => r.cause === 'RELEASE' && r.signature === 'ERROR_RATE_REGRESSION')).toBe(true);
    const events = await h.events(id);
    expect(events.some((e) => e.type === 'TARGET_FAILED' && /author: /.test(e.message))).toBe(true);
  }, 60_000);

  it('Prometheus going away mid-bake stops the bake clock and halts nothing; the bake resumes when it is back', async () => {
    // a second Prometheus serves the clusters for this train, and is stopped mid-bake
    const doomed = await startPrometheus(h.sim.clusters.map((c) => ({ job: c.name, url: c.metricsUrl })));
    const setUrl = (url: string) => h.prisma.cluster.updateMany({ data: { prometheusUrl: url } });
    await setUrl(doomed.url);
    await sleep(BASELINE_MS);
    const bakeMs = 10_000;
    const id = await h.startTrain(GOOD, { autoRollback: true, rings: [ring('group=out', bakeMs)] });
    const reconciler = h.reconciler({ bake });
    const baking = await h.driveUntil(reconciler, id, (s) => s.rings[0].status === 'BAKING' || settled(s));
    expect(baking.rings[0].status).toBe('BAKING');
    const bakeStartedAt = baking.rings[0].bakeStartedAt!;
    // let the bake be judged for a while (judging starts after the 5 s minimum window), then take Prometheus away
    await passesUntil(reconciler, id, bakeStartedAt + 6_500);
    expect((await h.store.load(id))!.state.rings[0].bakePausedSince).toBeUndefined();
    await doomed.stop();
    const stoppedAt = Date.now();

    // well past the bake's planned end: still baking, clock stopped, nothing failed
    await passesUntil(reconciler, id, bakeStartedAt + bakeMs + 2_000);
    const held = (await h.store.load(id))!.state;
    expect(held.status).toBe('RUNNING');
    expect(held.rings[0]).toMatchObject({ status: 'BAKING', bakeEndsAt: bakeStartedAt + bakeMs });
    expect(held.rings[0].bakePausedSince).toBeGreaterThanOrEqual(stoppedAt);
    expect(held.targets.map((t) => t.status)).toEqual(['HEALTHY', 'HEALTHY']);

    await setUrl(prometheus.url); // back (the first Prometheus kept scraping all along)
    const done = await h.driveUntil(reconciler, id, settled);
    expect(done.status).toBe('COMPLETED');
    const run = done.rings[0];
    expect(run.bakePausedMs).toBeGreaterThanOrEqual(bakeStartedAt + bakeMs + 2_000 - held.rings[0].bakePausedSince!);
    expect(run.bakeEndsAt! - run.bakeStartedAt!).toBe(bakeMs + run.bakePausedMs);
    expect(run.finishedAt!).toBeGreaterThanOrEqual(run.bakeEndsAt!);
    const events = await h.events(id);
    expect(events.some((e) => e.type === 'TARGET_FAILED' || e.type === 'TRAIN_HALTED')).toBe(false);
  }, 90_000);
});
