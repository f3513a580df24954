import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  openDatabase,
  postgresTestDatabase,
  type DatabaseHandle,
  type PrismaClient,
  type TestDatabase,
  TrainStore,
} from '@ringmaster/persistence';
import { validateSchedule, type ScheduleInput } from '@ringmaster/domain';
import { SchedulerRegistry } from '@nestjs/schedule';
import { checkCron, nextOccurrence } from '../apps/ringmaster/src/schedules/cron.occurrences.js';
import { CreateSchedule } from '../apps/ringmaster/src/schedules/create-schedule.usecase.js';
import { jobName, ScheduleRegistrar } from '../apps/ringmaster/src/schedules/schedule.registrar.js';
import { UpdateSchedule } from '../apps/ringmaster/src/schedules/update-schedule.usecase.js';
import type { ReconcileLoop } from '../apps/ringmaster/src/engine/reconcile.loop.js';
import { OccurrenceRecorder } from '../apps/ringmaster/src/schedules/occurrence.recorder.js';
import { ScheduleRepository, type StoredSchedule } from '../apps/ringmaster/src/schedules/schedule.repository.js';
import { ScheduleRunner } from '../apps/ringmaster/src/schedules/schedule.runner.js';
import { CreateTrain } from '../apps/ringmaster/src/trains/create-train.usecase.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

/** A scheduler replica: its own PrismaClient and clock over the shared database. */
interface Replica {
  prisma: PrismaClient;
  runner: ScheduleRunner;
  repository: ScheduleRepository;
  clock: { now: Date };
}

/** How often the registrars of the sync test re-read the schedules. */
const SYNC_INTERVAL_MS = 50;

/** Polls `ok` until it holds (the CPU may be busy: generous, event-free waiting). */
async function eventually(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, SYNC_INTERVAL_MS / 2));
  }
}

function replica(db: DatabaseHandle, now: Date): Replica {
  const prisma = createPrismaClient(db);
  const clock = { now };
  const repository = new ScheduleRepository(prisma);
  const time = () => clock.now;
  // a schedule's train is created inside the occurrence's transaction and found by the loop when due: never woken
  const loop = { wake: () => Promise.reject(new Error('a scheduled train is not woken')) } as unknown as ReconcileLoop;
  const createTrain = new CreateTrain(prisma, new TrainStore(prisma), loop, time);
  const runner = new ScheduleRunner(repository, new OccurrenceRecorder(prisma, createTrain), time);
  return { prisma, runner, repository, clock };
}

describe.each(modes)('scheduled trains on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let dbs: DatabaseHandle[];
  let a: Replica;
  let b: Replica;
  let seq = 0;

  beforeAll(async () => {
    testDb = await makeDatabase();
    const first = await openDatabase(testDb.config);
    await applyPendingMigrations(first);
    // PGlite is one process-local database: replicas share its handle; PostgreSQL gets a second pool
    const second = testDb.config.kind === 'postgres' ? await openDatabase(testDb.config) : first;
    dbs = second === first ? [first] : [first, second];
    a = replica(first, new Date(0));
    b = replica(second, new Date(0));
    const cluster = await a.prisma.cluster.create({ data: { name: 'eu-1', region: 'eu', labels: { region: 'eu' } } });
    for (const name of ['acme-prod', 'globex-prod']) {
      await a.prisma.environment.create({
        data: { name, clusterId: cluster.id, namespace: name, tenant: name.split('-')[0], labels: { tier: 'prod' } },
      });
    }
    await a.prisma.ringPlan.create({
      data: {
        name: 'standard',
        rings: {
          create: [
            { position: 0, name: 'all', kind: 'ALL', selector: '', maxParallel: 2, bakeSeconds: 60, gate: 'AUTO' },
          ],
        },
      },
    });
    // ring selectors see the cluster's labels (region) as createTrain does; the last ring takes the rest
    await a.prisma.ringPlan.create({
      data: {
        name: 'regional',
        freezeWindows: [
          { kind: 'ONE_OFF', from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00Z', reason: 'plan freeze' },
        ],
        rings: {
          create: [
            {
              position: 0,
              name: 'eu',
              kind: 'REGION',
              selector: 'region=eu',
              maxParallel: 1,
              bakeSeconds: 0,
              gate: 'AUTO',
            },
            { position: 1, name: 'rest', kind: 'ALL', selector: '', maxParallel: 5, bakeSeconds: 0, gate: 'AUTO' },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await a?.prisma.$disconnect();
    await b?.prisma.$disconnect();
    for (const db of dbs ?? []) await db.close();
    await testDb?.drop();
  });

  /** A schedule with its own release family `<prefix>.*` and the given releases, created at `createdAt`. */
  async function schedule(
    over: Partial<ScheduleInput>,
    createdAt: string,
    releases: string[] = ['1', '2'],
  ): Promise<{ s: StoredSchedule; prefix: string }> {
    const prefix = `s${++seq}`;
    for (const [i, v] of releases.entries()) {
      await a.prisma.release.create({
        data: { version: `${prefix}.${v}`, createdAt: new Date(Date.parse(createdAt) + i) },
      });
    }
    const def = validateSchedule(
      {
        name: `weekly-${prefix}`,
        cron: '0 9 * * 3',
        timezone: 'Europe/Berlin',
        ringPlan: 'standard',
        releaseSelector: `${prefix}.*`,
        ...over,
      },
      checkCron,
    );
    const plan = await a.prisma.ringPlan.findUniqueOrThrow({ where: { name: def.ringPlan } });
    return { s: await a.repository.create(def, plan.id, new Date(createdAt)), prefix };
  }

  const at = (r: Replica, iso: string) => (r.clock.now = new Date(iso));
  const trainsOf = (s: StoredSchedule) =>
    a.prisma.train.findMany({ where: { scheduleId: s.id }, include: { release: true, targets: true, ringRuns: true } });
  const eventsOf = (s: StoredSchedule, type: string) =>
    a.prisma.event.findMany({ where: { type, payload: { path: ['schedule'], equals: s.name } } });

  it('two replicas ticking the same occurrence create one train with the newest release', async () => {
    const { s, prefix } = await schedule({}, '2026-03-01T00:00:00Z');
    at(a, '2026-03-04T08:00:05Z');
    at(b, '2026-03-04T08:00:07Z');
    const [ra, rb] = await Promise.all([a.runner.tick(s), b.runner.tick(s)]);
    const outcomes = [...ra, ...rb].map((r) => r.result.outcome).sort();
    expect(outcomes).toEqual(['DUPLICATE', 'FIRED']);
    const trains = await trainsOf(s);
    expect(trains).toHaveLength(1);
    expect(trains[0]).toMatchObject({
      status: 'SCHEDULED',
      idempotencyKey: `schedule:${s.id}:2026-03-04T08:00:00.000Z`,
      release: { version: `${prefix}.2` },
    });
    expect(trains[0].targets).toHaveLength(2);
    expect(trains[0].ringRuns.map((r) => r.name)).toEqual(['all']);
    expect(await eventsOf(s, 'SCHEDULE_FIRED')).toHaveLength(1);
    expect(await a.prisma.scheduleOccurrence.count({ where: { scheduleId: s.id } })).toBe(1);
  });

  it('after an update the new cron owes nothing from before it, and two replicas fire its occurrence once', async () => {
    const { s } = await schedule({}, '2026-03-01T00:00:00Z');
    at(a, '2026-03-04T08:00:05Z'); // Wednesday 09:00 CET
    expect((await a.runner.tick(s)).map((r) => r.result.outcome)).toEqual(['FIRED']);
    // on Friday at noon it becomes daily: Thursday's and Friday's 09:00 came before it, neither missed nor owed
    const daily = validateSchedule({ ...s, freezeWindows: [], cron: '0 9 * * *' }, checkCron);
    const updated = await a.repository.update(daily, s.ringPlanId, new Date('2026-03-06T12:00:00Z'));
    expect(updated).toMatchObject({ id: s.id, cron: '0 9 * * *' });
    at(a, '2026-03-07T08:00:03Z');
    at(b, '2026-03-07T08:00:04Z');
    const [ra, rb] = await Promise.all([a.runner.tick(updated!), b.runner.tick(updated!)]);
    expect([...ra, ...rb].map((r) => [new Date(r.occurrenceAt).toISOString(), r.result.outcome]).sort()).toEqual([
      ['2026-03-07T08:00:00.000Z', 'DUPLICATE'],
      ['2026-03-07T08:00:00.000Z', 'FIRED'],
    ]);
    expect(await eventsOf(s, 'SCHEDULE_SKIPPED')).toEqual([]);
    expect(await trainsOf(s)).toHaveLength(2);
  });

  it('a restart at the firing minute neither fires twice nor misses the occurrence', async () => {
    const { s } = await schedule({}, '2026-03-01T00:00:00Z');
    // down at 09:00 CET, back at 09:00:30: the occurrence is still due
    at(a, '2026-03-04T08:00:30Z');
    expect((await a.runner.tick(s)).map((r) => r.result.outcome)).toEqual(['FIRED']);
    // restarted again at 09:00:50: a fresh runner on the same database does nothing
    const restarted = replica(dbs[0], new Date('2026-03-04T08:00:50Z'));
    expect(await restarted.runner.tick(s)).toEqual([]);
    await restarted.prisma.$disconnect();
    expect(await trainsOf(s)).toHaveLength(1);
  });

  it('the next week picks the next release; none left skips with NO_RELEASE', async () => {
    const { s, prefix } = await schedule({}, '2026-03-01T00:00:00Z');
    for (const [day, version] of [
      ['04', '2'],
      ['11', '1'],
    ]) {
      at(a, `2026-03-${day}T08:00:01Z`);
      const [r] = await a.runner.tick(s);
      expect(r.result).toMatchObject({ outcome: 'FIRED', release: `${prefix}.${version}` });
    }
    at(a, '2026-03-18T08:00:01Z');
    expect((await a.runner.tick(s))[0].result).toMatchObject({ outcome: 'SKIPPED', reason: 'NO_RELEASE' });
    const [skipped] = await eventsOf(s, 'SCHEDULE_SKIPPED');
    expect(skipped.payload).toMatchObject({ reason: 'NO_RELEASE', occurrenceAt: '2026-03-18T08:00:00.000Z' });
    expect(await trainsOf(s)).toHaveLength(2);
  });

  it('an occurrence inside a freeze window is skipped with its reason, and the next one fires', async () => {
    const freeze = {
      kind: 'WEEKLY',
      timezone: 'Europe/Berlin',
      startDay: 'FRI',
      startTime: '15:00',
      endDay: 'MON',
      endTime: '08:00',
      reason: 'weekend',
    };
    const { s } = await schedule({ cron: '0 9 * * 6,1', freezeWindows: [freeze] }, '2026-03-06T00:00:00Z');
    at(a, '2026-03-07T08:00:02Z'); // Saturday 09:00 CET
    const [sat] = await a.runner.tick(s);
    expect(sat.result).toMatchObject({ outcome: 'SKIPPED', reason: 'FREEZE' });
    expect((await eventsOf(s, 'SCHEDULE_SKIPPED'))[0].message).toContain('weekend');
    at(a, '2026-03-09T08:00:02Z'); // Monday 09:00 CET, after the freeze
    expect((await a.runner.tick(s))[0].result.outcome).toBe('FIRED');
    expect(await trainsOf(s)).toHaveLength(1);
  });

  it('fires at 09:00 local time on both sides of a daylight-saving change', async () => {
    const { s } = await schedule({}, '2026-03-20T00:00:00Z');
    at(a, '2026-03-25T08:00:01Z'); // 09:00 CET
    expect((await a.runner.tick(s)).map((r) => r.occurrenceAt)).toEqual([Date.parse('2026-03-25T08:00:00Z')]);
    at(a, '2026-04-01T07:00:01Z'); // 09:00 CEST
    expect((await a.runner.tick(s)).map((r) => r.occurrenceAt)).toEqual([Date.parse('2026-04-01T07:00:00Z')]);
    const ny = (await schedule({ cron: '0 9 * * *', timezone: 'America/New_York' }, '2026-03-08T00:00:00Z', ['1'])).s;
    at(a, '2026-03-08T13:00:01Z'); // Sunday 09:00 EDT, hours after spring-forward
    const [r] = await a.runner.tick(ny);
    expect(r.occurrenceAt).toBe(Date.parse('2026-03-08T13:00:00Z'));
    expect(r.result.outcome).toBe('FIRED');
  });

  it.each<['SKIP' | 'CATCH_UP_ONCE', string[]]>([
    ['SKIP', ['SKIPPED', 'SKIPPED', 'SKIPPED']],
    ['CATCH_UP_ONCE', ['SKIPPED', 'SKIPPED', 'FIRED']],
  ])('after three missed weeks the %s policy records %j', async (missedPolicy, outcomes) => {
    const { s } = await schedule({ missedPolicy }, '2026-03-01T00:00:00Z');
    at(a, '2026-03-19T12:00:00Z'); // down through three Wednesdays
    const results = await a.runner.tick(s);
    expect(results.map((r) => new Date(r.occurrenceAt).toISOString())).toEqual([
      '2026-03-04T08:00:00.000Z',
      '2026-03-11T08:00:00.000Z',
      '2026-03-18T08:00:00.000Z',
    ]);
    expect(results.map((r) => r.result.outcome)).toEqual(outcomes);
    expect(await trainsOf(s)).toHaveLength(missedPolicy === 'SKIP' ? 0 : 1);
    expect(await a.runner.tick(s)).toEqual([]);
  });
  it('creates its train as createTrain does: rings by the cluster labels, startAt, schedule and creator', async () => {
    const { s, prefix } = await schedule({ ringPlan: 'regional' }, '2026-03-01T00:00:00Z');
    at(a, '2026-03-04T08:00:03Z');
    const [r] = await a.runner.tick(s);
    expect(r.result).toMatchObject({ outcome: 'FIRED', release: `${prefix}.2` });
    const [train] = await a.prisma.train.findMany({
      where: { scheduleId: s.id },
      include: { targets: { include: { environment: true } }, ringRuns: { orderBy: { position: 'asc' } } },
    });
    expect(train).toMatchObject({
      status: 'SCHEDULED',
      createdBy: `schedule:${s.name}`,
      startAt: new Date('2026-03-04T08:00:03Z'),
      nextReconcileAt: new Date('2026-03-04T08:00:03Z'),
    });
    expect(train.ringRuns.map((ring) => ring.name)).toEqual(['eu', 'rest']);
    // both environments run in eu-1, whose region label puts them in the first ring
    expect(train.targets.map((t) => [t.environment.name, t.ringPosition]).sort()).toEqual([
      ['acme-prod', 0],
      ['globex-prod', 0],
    ]);
    const created = await a.prisma.event.findMany({ where: { trainId: train.id }, orderBy: { seq: 'asc' } });
    expect(created.map((e) => e.type)).toEqual(['TRAIN_CREATED', 'SCHEDULE_FIRED']);
  });

  it('a one-off freeze window of the schedule, or of its ring plan, skips the occurrence with the reason', async () => {
    const holidays = {
      kind: 'ONE_OFF',
      from: '2026-12-23T00:00:00+01:00',
      to: '2026-12-28T00:00:00+01:00',
      reason: 'holidays',
    };
    const { s } = await schedule({ ringPlan: 'regional', freezeWindows: [holidays] }, '2026-05-01T00:00:00Z');
    const outcomes: [string, unknown][] = [];
    for (const iso of ['2026-06-03T07:00:01Z', '2026-12-23T08:00:01Z', '2026-12-30T08:00:01Z']) {
      at(a, iso);
      const ticked = await a.runner.tick(s);
      outcomes.push([iso, ticked.at(-1)?.result]);
    }
    expect(outcomes).toEqual([
      [
        '2026-06-03T07:00:01Z',
        { outcome: 'SKIPPED', reason: 'FREEZE', message: expect.stringContaining('plan freeze') },
      ],
      ['2026-12-23T08:00:01Z', { outcome: 'SKIPPED', reason: 'FREEZE', message: expect.stringContaining('holidays') }],
      ['2026-12-30T08:00:01Z', expect.objectContaining({ outcome: 'FIRED' })],
    ]);
    // the weeks in between were missed (SKIP policy); the two frozen ones say why
    const frozen = (await eventsOf(s, 'SCHEDULE_SKIPPED')).filter(
      (e) => (e.payload as { reason: string }).reason === 'FREEZE',
    );
    expect(frozen.map((e) => (e.payload as { occurrenceAt: string }).occurrenceAt)).toEqual([
      '2026-06-03T07:00:00.000Z',
      '2026-12-23T08:00:00.000Z',
    ]);
    expect(frozen[1].message).toContain('frozen until 2026-12-27T23:00:00.000Z: holidays');
    expect(await trainsOf(s)).toHaveLength(1);
  });

  it('a time the spring-forward skips fires once, just after the gap; a time the fall-back repeats fires once', async () => {
    const gap = (await schedule({ cron: '30 2 * * *', timezone: 'America/New_York' }, '2026-03-07T12:00:00Z', ['1'])).s;
    at(a, '2026-03-08T07:00:05Z'); // 02:30 EST does not exist on 8 March; 03:00 EDT is the first instant after it
    expect((await a.runner.tick(gap)).map((r) => [new Date(r.occurrenceAt).toISOString(), r.result.outcome])).toEqual([
      ['2026-03-08T07:00:00.000Z', 'FIRED'],
    ]);
    const fold = (await schedule({ cron: '30 1 * * *', timezone: 'America/New_York' }, '2026-10-31T12:00:00Z', ['1']))
      .s;
    at(a, '2026-11-01T05:30:05Z'); // 01:30 EDT
    expect((await a.runner.tick(fold)).map((r) => r.result.outcome)).toEqual(['FIRED']);
    at(a, '2026-11-01T06:30:05Z'); // 01:30 EST, the same wall-clock time an hour later
    expect(await a.runner.tick(fold)).toEqual([]);
    at(a, '2026-11-02T06:30:05Z');
    expect((await a.runner.tick(fold)).map((r) => r.result)).toEqual([
      { outcome: 'SKIPPED', reason: 'NO_RELEASE', message: expect.stringContaining('without a train') },
    ]);
  });
  it('a schedule created, updated or deleted through one replica reaches the other replica within the sync interval', async () => {
    // the registrars' clocks stand in 2025, before every other test's schedules: their loads and syncs tick those
    // schedules at an instant before they existed, which records nothing
    at(a, '2025-06-02T10:00:00Z');
    at(b, '2025-06-02T10:00:00Z');
    const time = (r: Replica) => () => r.clock.now;
    const [ra, rb] = [a, b].map((r) => {
      const registry = new SchedulerRegistry();
      const registrar = new ScheduleRegistrar(registry, r.repository, r.runner, { intervalMs: SYNC_INTERVAL_MS });
      return { registry, registrar };
    });
    const job = (r: typeof ra, id: string) =>
      r.registry.doesExist('cron', jobName(id)) ? r.registry.getCronJob(jobName(id)) : undefined;
    await ra.registrar.onApplicationBootstrap();
    await rb.registrar.onApplicationBootstrap();
    try {
      const prefix = `s${++seq}`;
      await a.prisma.release.create({ data: { version: `${prefix}.1`, createdAt: new Date('2025-06-01T00:00:00Z') } });
      const input = {
        name: `synced-${prefix}`,
        cron: '0 9 * * 3',
        timezone: 'Europe/Berlin',
        ringPlan: 'standard',
        releaseSelector: `${prefix}.*`,
      };

      // created through A: A registers it at once, B on its next sync
      const created = await new CreateSchedule(a.prisma, a.repository, ra.registrar, time(a)).execute(input);
      expect(ra.registrar.isRegistered(created.id)).toBe(true);
      await eventually(() => rb.registrar.isRegistered(created.id), 'B registers the new schedule');
      // the sync that registered it ticks it next: let that tick read the clock before the clock moves to Friday
      await rb.registrar.sync();
      expect(job(rb, created.id)!.cronTime.source).toBe('0 9 * * 3');

      // on Friday at noon A makes it daily: B's job follows; B's sync does not owe Wednesday's 09:00 to the new cron
      const weekly = job(rb, created.id);
      at(a, '2025-06-06T12:00:00Z');
      at(b, '2025-06-06T12:00:05Z');
      const update = new UpdateSchedule(a.prisma, a.repository, ra.registrar, time(a));
      await update.execute({ ...input, cron: '0 9 * * *' });
      await eventually(() => job(rb, created.id)?.cronTime.source === '0 9 * * *', "B's job takes the new cron");
      expect(job(rb, created.id)).not.toBe(weekly);
      const now = Date.now();
      expect(job(rb, created.id)!.nextDate().toMillis()).toBe(nextOccurrence('0 9 * * *', 'Europe/Berlin', now));
      await rb.registrar.sync(); // the pass that replaced the job has ticked it
      expect(await a.prisma.scheduleOccurrence.count({ where: { scheduleId: created.id } })).toBe(0);

      // Saturday 09:00 CEST: both replicas' jobs fire, one train starts
      at(a, '2025-06-07T07:00:01Z');
      at(b, '2025-06-07T07:00:02Z');
      job(ra, created.id)!.fireOnTick();
      job(rb, created.id)!.fireOnTick();
      await eventually(
        async () => (await a.prisma.scheduleOccurrence.count({ where: { scheduleId: created.id } })) === 1,
        'the occurrence is recorded',
      );
      const trains = await a.prisma.train.findMany({ where: { scheduleId: created.id } });
      expect(trains.map((t) => t.idempotencyKey)).toEqual([`schedule:${created.id}:2025-06-07T07:00:00.000Z`]);

      // deleted through A: B's job goes on its next sync
      expect(await a.repository.deleteByName(input.name)).toBe(created.id);
      ra.registrar.unregister(created.id);
      await eventually(() => !rb.registrar.isRegistered(created.id), "B drops the deleted schedule's job");
      expect(
        await a.prisma.event.count({
          where: { type: 'SCHEDULE_SKIPPED', payload: { path: ['schedule'], equals: input.name } },
        }),
      ).toBe(0);
    } finally {
      for (const { registrar } of [ra, rb]) {
        await registrar.onModuleDestroy();
        registrar.onApplicationShutdown();
      }
    }
  });
});
