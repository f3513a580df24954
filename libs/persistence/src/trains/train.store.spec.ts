import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  decide,
  emptyObservations,
  newTrain,
  startTrain,
  type DomainEvent,
  type RingPlan,
  type TrainState,
} from '@ringmaster/domain';
import { openDatabase, type DatabaseHandle } from '../database.handle.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { applyPendingMigrations } from '../migrations.js';
import { createPrismaClient } from '../prisma.client.js';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '../test-database.js';
import { LeaseStore } from './lease.store.js';
import { TrainStore } from './train.store.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const OLD = { app: 'registry.example/app:1' };

const plan: RingPlan = {
  name: 'weekly',
  autoRollback: true,
  rings: ['internal', 'all'].map((name) => ({
    name,
    kind: 'COHORT' as const,
    selector: `ring=${name}`,
    maxParallel: 2,
    bakeMs: 1000,
    failureBudget: { maxFailures: 0 },
    gate: 'AUTO' as const,
    analysis: {},
  })),
};

async function seed(prisma: PrismaClient, counts: { internal: number; all: number }) {
  const cluster = await prisma.cluster.create({ data: { name: `c-${Math.random()}`, region: 'eu' } });
  const envs = (['internal', 'all'] as const).flatMap((ring) =>
    Array.from({ length: counts[ring] }, (_, n) => ({
      name: `${ring}-${n}-${cluster.id.slice(0, 6)}`,
      clusterId: cluster.id,
      namespace: 'ns',
      tenant: `tenant-${n}`,
      labels: { ring },
    })),
  );
  await prisma.environment.createMany({ data: envs });
  const release = await prisma.release.create({ data: { version: `v-${cluster.id}` } });
  const ringPlan = await prisma.ringPlan.create({ data: { name: `plan-${cluster.id}` } });
  const built = newTrain({
    id: crypto.randomUUID(),
    releaseVersion: release.version,
    plan,
    environments: envs.map((e) => ({ name: e.name, cluster: cluster.name, tenant: e.tenant, labels: e.labels })),
    now: T0,
  });
  return { built, releaseId: release.id, ringPlanId: ringPlan.id };
}

describe.each(modes)('TrainStore and LeaseStore on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let store: TrainStore;

  beforeAll(async () => {
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    store = new TrainStore(prisma);
  }, 60_000);
  afterAll(async () => {
    await prisma.$disconnect();
    await db.close();
    await testDb.drop();
  });

  it('creates a train and loads back the same state, with its TRAIN_CREATED event', async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 3, all: 5 });
    const created = await store.create({ state: built.state, events: built.events, releaseId, ringPlanId });
    expect(created.revision).toBe(0);
    expect(created.state).toEqual(normalize(built.state));
    const events = await prisma.event.findMany({ where: { trainId: built.state.id } });
    expect(events.map((e) => [e.type, e.dispatchedAt])).toEqual([['TRAIN_CREATED', null]]);
  });

  it('saves only what changed, with events, and bumps the revision', async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 3, all: 2 });
    let loaded = await store.create({ state: built.state, events: [], releaseId, ringPlanId });
    const started = startTrain(loaded.state, T0 + 1000);
    const saved = await store.save(loaded, started, T0 + 1000);
    if (!saved.ok) throw new Error('stale');
    const obs = emptyObservations();
    const decision = decide(saved.train.state, obs, T0 + 2000);
    expect(decision.actions.filter((a) => a.type === 'deploy')).toHaveLength(2);
    const second = await store.save(saved.train, decision, T0 + 7000);
    if (!second.ok) throw new Error('stale');
    loaded = (await store.load(built.state.id))!;
    expect(loaded.revision).toBe(2);
    expect(loaded.nextReconcileAt).toBe(T0 + 7000);
    expect(loaded.state).toEqual(normalize(decision.next));
    expect(loaded.state.status).toBe('RUNNING');
    expect(loaded.state.currentRingIndex).toBe(0);
    const types = (await prisma.event.findMany({ where: { trainId: built.state.id }, orderBy: { seq: 'asc' } })).map(
      (e) => e.type,
    );
    expect(types).toEqual([...started.events, ...decision.events].map((e) => e.type));
  });

  it('round-trips every target field', async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 1, all: 0 });
    const loaded = await store.create({ state: built.state, events: [], releaseId, ringPlanId });
    const env = loaded.state.targets[0].environment;
    const target = {
      ...loaded.state.targets[0],
      status: 'FAILED' as const,
      attempts: 2,
      message: 'crash loop',
      previousImages: OLD,
      failureSignature: 'CrashLoopBackOff',
      cause: 'RELEASE' as const,
      rollbackStep: 'SAFETY_CHECK' as const,
      aborted: true,
      nextAttemptAt: T0 + 5,
      deployedAt: T0 + 6,
      failedAt: T0 + 7,
    };
    const next: TrainState = { ...loaded.state, targets: [target] };
    const saved = await store.save(
      loaded,
      { next, changes: { train: false, rings: [], targets: [env] }, events: [], actions: [] },
      T0,
    );
    expect(saved.ok).toBe(true);
    const { updatedAt, ...back } = (await store.load(built.state.id))!.state.targets[0];
    expect(typeof updatedAt).toBe('number');
    expect(back).toEqual({ ...target, updatedAt: undefined, tenant: target.tenant });
  });

  it('refuses a stale save and writes nothing', async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 2, all: 0 });
    const loaded = await store.create({ state: built.state, events: [], releaseId, ringPlanId });
    const first = await store.save(loaded, startTrain(loaded.state, T0), T0);
    expect(first.ok).toBe(true);
    const stale = await store.save(loaded, startTrain(loaded.state, T0 + 1), T0 + 1);
    expect(stale).toEqual({ ok: false, reason: 'STALE' });
    expect(await prisma.event.count({ where: { trainId: built.state.id } })).toBe(first.ok ? 2 : 0);
    expect((await store.load(built.state.id))!.revision).toBe(1);
  });

  it('lists due trains and wakes one earlier, never later', async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 1, all: 0 });
    const loaded = await store.create({ state: built.state, events: [], releaseId, ringPlanId });
    const saved = await store.save(loaded, startTrain(loaded.state, T0), T0 + 60_000);
    expect(saved.ok).toBe(true);
    expect(await store.due(T0 + 1000, 1000)).not.toContain(built.state.id);
    await store.wake(built.state.id, T0 + 500);
    await store.wake(built.state.id, T0 + 90_000);
    expect((await store.load(built.state.id))!.nextReconcileAt).toBe(T0 + 500);
    expect(await store.due(T0 + 1000, 1000)).toContain(built.state.id);
  });

  it('saves 5,000 changed targets in one pass', async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 5000, all: 0 });
    const loaded = await store.create({ state: built.state, events: [], releaseId, ringPlanId });
    const next: TrainState = {
      ...loaded.state,
      targets: loaded.state.targets.map((t) => ({ ...t, status: 'HEALTHY', attempts: 1, previousImages: OLD })),
    };
    const changes = { train: false, rings: [], targets: next.targets.map((t) => t.environment) };
    const saved = await store.save(loaded, { next, changes, events: [], actions: [] }, T0);
    expect(saved.ok).toBe(true);
    const back = (await store.load(built.state.id))!.state.targets;
    expect(back.filter((t) => t.status === 'HEALTHY' && t.previousImages?.app === OLD.app)).toHaveLength(5000);
  }, 60_000);

  it("appends a pass's events in their order, each field as given, thousands in one save", async () => {
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 2, all: 0 });
    const loaded = await store.create({ state: built.state, events: [], releaseId, ringPlanId });
    const trainId = built.state.id;
    const events: DomainEvent[] = [
      { type: 'ROLLBACK_STARTED', trainId, message: 'rolling back', occurredAt: T0 + 1 },
      {
        type: 'ROLLBACK_UNSAFE',
        trainId,
        ring: 'internal',
        environment: 'e-0',
        message: "left alone: it's missing secret/app-5f7c9",
        payload: { missing: ['secret/app-5f7c9'] },
        occurredAt: T0 + 2,
      },
      ...Array.from({ length: 3000 }, (_, i) => ({
        type: 'TARGET_ROLLED_BACK' as const,
        trainId,
        ring: 'internal',
        environment: `env-${i}`,
        message: `env-${i} rolled back`,
        occurredAt: T0 + 3,
      })),
    ];
    const saved = await store.save(
      loaded,
      { next: loaded.state, changes: { train: false, rings: [], targets: [] }, events, actions: [] },
      T0,
    );
    expect(saved.ok).toBe(true);
    const rows = await prisma.event.findMany({ where: { trainId }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.environment ?? r.type)).toEqual(events.map((e) => e.environment ?? e.type));
    expect(rows[0]).toMatchObject({ ring: null, environment: null, payload: {}, occurredAt: new Date(T0 + 1) });
    expect(rows[1]).toMatchObject({
      type: 'ROLLBACK_UNSAFE',
      message: "left alone: it's missing secret/app-5f7c9",
      payload: { missing: ['secret/app-5f7c9'] },
      occurredAt: new Date(T0 + 2),
      dispatchedAt: null,
    });
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  }, 60_000);

  it('writes changed targets in batches, and a batch that misses a row rolls the whole save back', async () => {
    const batched = new TrainStore(prisma, 2);
    const { built, releaseId, ringPlanId } = await seed(prisma, { internal: 5, all: 0 });
    const loaded = await batched.create({ state: built.state, events: [], releaseId, ringPlanId });
    const next: TrainState = {
      ...loaded.state,
      targets: loaded.state.targets.map((t, n) => ({ ...t, status: 'DEPLOYING', attempts: n + 1 })),
    };
    const changes = { train: false, rings: [], targets: next.targets.map((t) => t.environment) };
    const saved = await batched.save(loaded, { next, changes, events: [], actions: [] }, T0);
    expect(saved.ok).toBe(true);
    expect((await batched.load(built.state.id))!.state.targets.map((t) => t.attempts)).toEqual([1, 2, 3, 4, 5]);

    // another train's row id in the last batch: the trainId guard refuses it and nothing of this save stays
    const other = await seed(prisma, { internal: 1, all: 0 });
    const foreign = await batched.create({
      state: other.built.state,
      events: [],
      releaseId: other.releaseId,
      ringPlanId: other.ringPlanId,
    });
    const current = (await batched.load(built.state.id))!;
    const last = current.state.targets[4].environment;
    const poisoned = {
      ...current,
      targetIds: new Map([...current.targetIds, [last, [...foreign.targetIds.values()][0]]]),
    };
    const again: TrainState = {
      ...current.state,
      targets: current.state.targets.map((t) => ({ ...t, status: 'HEALTHY', attempts: 9 })),
    };
    await expect(batched.save(poisoned, { next: again, changes, events: [], actions: [] }, T0)).rejects.toThrow(
      /not found/,
    );
    const after = (await batched.load(built.state.id))!;
    expect(after.revision).toBe(current.revision);
    expect(after.state.targets.map((t) => t.attempts)).toEqual([1, 2, 3, 4, 5]);
    expect((await batched.load(other.built.state.id))!.state.targets[0].status).toBe('PENDING');
  });

  it.each([
    ['free lease', null, 'a', true],
    ['held by me', 'a', 'a', true],
    ['held by another, live', 'b', 'a', false],
  ])('acquire on a %s', async (_case, holder, me, expected) => {
    const leases = new LeaseStore(prisma);
    const name = `train:${crypto.randomUUID()}`;
    if (holder) expect(await leases.acquire(name, holder, T0, 10_000)).toBe(true);
    expect(await leases.acquire(name, me, T0 + 1000, 10_000)).toBe(expected);
    expect(await leases.holder(name, T0 + 2000)).toBe(expected ? me : holder);
  });

  it('takes over an expired lease; the old holder cannot renew it, then release frees it', async () => {
    const leases = new LeaseStore(prisma);
    const name = LeaseStore.trainLease(crypto.randomUUID());
    expect(await leases.acquire(name, 'dead', T0, 5000)).toBe(true);
    expect(await leases.renew(name, 'dead', T0 + 4000, 5000)).toBe(true);
    expect(await leases.acquire(name, 'alive', T0 + 8000, 5000)).toBe(false);
    expect(await leases.acquire(name, 'alive', T0 + 9000, 5000)).toBe(true);
    expect(await leases.renew(name, 'dead', T0 + 9500, 5000)).toBe(false);
    await leases.release(name, 'dead');
    expect(await leases.holder(name, T0 + 9500)).toBe('alive');
    await leases.release(name, 'alive');
    expect(await leases.holder(name, T0 + 9500)).toBeNull();
  });
});

/** The state as the database gives it back: absent optional fields as undefined, aborted as a boolean. */
function normalize(state: TrainState): TrainState {
  return {
    ...state,
    targets: state.targets.map((t) => ({
      environment: t.environment,
      cluster: t.cluster,
      tenant: t.tenant,
      ringIndex: t.ringIndex,
      status: t.status,
      attempts: t.attempts,
      message: t.message,
      previousImages: t.previousImages,
      failureSignature: t.failureSignature,
      cause: t.cause,
      rollbackStep: t.rollbackStep,
      aborted: t.aborted ?? false,
      nextAttemptAt: t.nextAttemptAt,
      deployedAt: t.deployedAt,
      failedAt: t.failedAt,
      updatedAt: expect.any(Number) as unknown as number,
    })),
  };
}
