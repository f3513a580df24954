import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClusterFleet, type ClusterFleet } from '@ringmaster/clusters';
import { approveRing, newTrain, startTrain, type Gate, type RingPlan, type TrainState } from '@ringmaster/domain';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  LeaseStore,
  openDatabase,
  postgresTestDatabase,
  TrainStore,
  type DatabaseHandle,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { TrainReconciler } from '../apps/ringmaster/src/engine/train.reconciler.js';
import { UnknownAttributor } from '../apps/ringmaster/src/engine/target-attributor.js';
import { TrainTargetsReader } from '../apps/ringmaster/src/engine/train-targets.reader.js';

// The train engine end to end: reconciler + real database + real driver over fleet-sim, with 1s bakes.

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const OLD = '2026.46.0';
const GOOD = '2026.47.0';
const BAD = '2026.47.9';
const COMPONENTS = ['author', 'publish'];
const ENVS = [
  { name: 'int-a', cluster: 'eu-1', ring: 'internal' },
  { name: 'int-b', cluster: 'us-1', ring: 'internal' },
  ...Array.from({ length: 4 }, (_, n) => ({ name: `shop-${n}`, cluster: n % 2 ? 'us-1' : 'eu-1', ring: 'all' })),
];

const scenario: FleetScenario = {
  name: 'train-engine',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: { list: ENVS.map((e) => ({ name: e.name, cluster: e.cluster, tenant: e.name, replicas: 1 })) },
  faults: [{ id: 'bad', kind: 'bad-release', match: { image: BAD }, effect: 'crashloop' }],
};

function plan(gate: Gate = 'AUTO'): RingPlan {
  return {
    name: 'weekly',
    autoRollback: true,
    rings: [ring('internal', 'AUTO', 2), { ...ring('all', gate, 2), failureBudget: { maxFailurePercent: 50 } }],
  };
}

function ring(name: string, gate: Gate, maxParallel: number): RingPlan['rings'][number] {
  const base = { name, kind: 'COHORT' as const, selector: `ring=${name}`, maxParallel, bakeMs: 1000 };
  return { ...base, failureBudget: { maxFailures: 0 }, gate, analysis: {} };
}

describe.each(modes)('train engine on %s with fleet-sim', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let sim: FleetSim;
  let fleet: ClusterFleet;
  let store: TrainStore;
  let reconciler: TrainReconciler;

  beforeAll(async () => {
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    sim = await startFleetSim({ scenario });
    fleet = createClusterFleet({
      client: {
        rateLimit: { qps: 100, burst: 100 },
        requestTimeoutMs: 2_000,
        retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
      },
      watchBackoff: { initialMs: 50, maxMs: 500 },
    });
    for (const c of sim.clusters) {
      fleet.registry.upsert({
        name: c.name,
        credentials: { kind: 'inline', kubeconfig: c.kubeconfig },
        labels: c.labels,
      });
      await prisma.cluster.create({ data: { name: c.name, region: c.name.startsWith('eu') ? 'eu' : 'us' } });
    }
    await Promise.all(sim.clusters.map((c) => fleet.registry.get(c.name)!.watcher!.waitForSync()));
    const clusters = new Map((await prisma.cluster.findMany()).map((c) => [c.name, c.id]));
    for (const e of ENVS) {
      await prisma.environment.create({
        data: {
          name: e.name,
          clusterId: clusters.get(e.cluster)!,
          namespace: e.name,
          tenant: e.name,
          labels: { ring: e.ring },
          components: { create: COMPONENTS.map((c) => ({ name: c, rolloutName: c })) },
        },
      });
    }
    for (const v of [GOOD, BAD]) {
      await prisma.release.create({
        data: { version: v, components: { create: COMPONENTS.map((c) => ({ name: c, image: `cms/${c}:${v}` })) } },
      });
    }
    store = new TrainStore(prisma);
    reconciler = new TrainReconciler(
      store,
      new LeaseStore(prisma),
      new TrainTargetsReader(prisma),
      fleet.driver,
      new UnknownAttributor(),
      {
        instanceId: 'replica-1',
        leaseTtlMs: 10_000,
        idleRecheckMs: 1_000,
        decide: {
          maxTransientRetries: 1,
          retryBaseMs: 200,
          retryMaxMs: 1000,
          pollIntervalMs: 100,
          maxParallelRollbacks: 10,
        },
      },
    );
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
    await sim?.close();
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
  });

  async function createAndStart(version: string, gate: Gate): Promise<string> {
    const ringPlan = await prisma.ringPlan.create({ data: { name: `plan-${version}-${gate}-${Date.now()}` } });
    const release = await prisma.release.findUniqueOrThrow({ where: { version } });
    const built = newTrain({
      id: crypto.randomUUID(),
      releaseVersion: version,
      plan: plan(gate),
      environments: ENVS.map((e) => ({ name: e.name, cluster: e.cluster, tenant: e.name, labels: { ring: e.ring } })),
      now: Date.now(),
    });
    const loaded = await store.create({
      state: built.state,
      events: built.events,
      releaseId: release.id,
      ringPlanId: ringPlan.id,
    });
    const started = await store.save(loaded, startTrain(loaded.state, Date.now()), Date.now());
    expect(started.ok).toBe(true);
    return built.state.id;
  }

  /** Runs passes (as the loop would, when due) until the train is in one of `statuses`. */
  async function driveUntil(id: string, statuses: TrainState['status'][], timeoutMs = 40_000): Promise<TrainState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const loaded = (await store.load(id))!;
      if (statuses.includes(loaded.state.status)) return loaded.state;
      if (Date.now() > deadline)
        throw new Error(`train is ${loaded.state.status}: ${JSON.stringify(loaded.state.targets)}`);
      if (loaded.nextReconcileAt <= Date.now()) await reconciler.reconcile(id, Date.now());
      else await new Promise((r) => setTimeout(r, 50));
    }
  }

  const imagesOf = (env: string) =>
    COMPONENTS.map(
      (c) =>
        sim
          .imageHistory(env)
          .filter((h) => h.component === c)
          .at(-1)?.image,
    );

  it('a good release reaches every ring and every environment runs it', async () => {
    const id = await createAndStart(GOOD, 'AUTO');
    const state = await driveUntil(id, ['COMPLETED', 'HALTED', 'ROLLED_BACK']);
    expect(state.status).toBe('COMPLETED');
    expect(state.targets.map((t) => t.status)).toEqual(ENVS.map(() => 'HEALTHY'));
    // the images before the first deploy, what a rollback restores, are known for every target, those of the ring
    // the train entered and deployed in one pass included
    const before = Object.fromEntries(COMPONENTS.map((c) => [c, `cms/${c}:${OLD}`]));
    expect(state.targets.map((t) => t.previousImages)).toEqual(ENVS.map(() => before));
    for (const e of ENVS) expect(imagesOf(e.name)).toEqual(COMPONENTS.map((c) => `cms/${c}:${GOOD}`));
    const types = (await prisma.event.findMany({ where: { trainId: id }, orderBy: { seq: 'asc' } })).map((e) => e.type);
    expect(types).toContain('TRAIN_COMPLETED');
  }, 60_000);

  it('a bad release halts in the first ring and what it touched is rolled back', async () => {
    const id = await createAndStart(BAD, 'AUTO');
    const state = await driveUntil(id, ['COMPLETED', 'ROLLED_BACK']);
    expect(state.status).toBe('ROLLED_BACK');
    expect(state.targets.filter((t) => t.ringIndex === 1).map((t) => t.status)).toEqual([
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    for (const e of ENVS.filter((x) => x.ring === 'internal')) {
      expect(imagesOf(e.name)).toEqual(COMPONENTS.map((c) => `cms/${c}:${GOOD}`));
    }
    for (const e of ENVS.filter((x) => x.ring === 'all')) {
      expect(sim.imageHistory(e.name).some((h) => h.image.includes(BAD))).toBe(false);
    }
  }, 60_000);

  it('a manual gate waits for approveRing', async () => {
    const id = await createAndStart(GOOD, 'MANUAL');
    const waiting = await driveUntil(id, ['AWAITING_APPROVAL', 'COMPLETED']);
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    const loaded = (await store.load(id))!;
    const approved = await store.save(
      loaded,
      approveRing(loaded.state, 'all', Date.now(), 'rm@example.com'),
      Date.now(),
    );
    expect(approved.ok).toBe(true);
    // the reconciler kept the train as it saved it; the approval moved the revision on, so the very next pass
    // loads it again and acts on the approval (rather than failing its save on the kept, older train)
    expect(await reconciler.reconcile(id, Date.now())).toMatchObject({ outcome: 'done', status: 'RUNNING' });
    const done = await driveUntil(id, ['COMPLETED', 'HALTED', 'ROLLED_BACK']);
    expect(done.status).toBe('COMPLETED');
    expect(done.rings[1].approvedBy).toBe('rm@example.com');
  }, 60_000);
});
