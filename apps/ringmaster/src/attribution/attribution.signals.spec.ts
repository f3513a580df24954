import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  openDatabase,
  type DatabaseHandle,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { seedTrain } from '../../../../test/scenarios/support/train.seed.js';
import { AttributionSignals } from './attribution.signals.js';
import type { BaselineProbe, BaselineTarget } from './baseline.probe.js';

const T0 = new Date('2026-12-02T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Answers from a table by environment and evaluation time, and records every question. */
class RecordingProbe implements BaselineProbe {
  readonly asked: { environment: string; at: Date }[] = [];
  constructor(private readonly failingAt: (environment: string, at: Date) => boolean) {}
  async stableFailingSameWay(target: BaselineTarget): Promise<boolean | undefined> {
    this.asked.push({ environment: target.environment, at: target.at });
    return this.failingAt(target.environment, target.at);
  }
}

describe('AttributionSignals on embedded PGlite', () => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let seq = 0;

  beforeAll(async () => {
    testDb = embeddedTestDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
  });

  /** One failed target `a` (promoted at `deployedAt`, or still in canary) in a ring that started at T0. */
  const seed = (deployedAt: Date | null, ringStartedAt?: Date) => {
    const name = `sig${++seq}`;
    return seedTrain(prisma, {
      version: `2026.50.${seq}`,
      startedAt: T0,
      ringStartedAt,
      prometheusUrl: 'http://prometheus.invalid',
      targets: [
        {
          environment: `${name}-a`,
          cluster: `${name}-eu-1`,
          tenant: 'acme',
          failure: 'ERROR_RATE_REGRESSION',
          deployedAt,
          failedAt: at(60),
        },
      ],
    }).then((trainId) => ({ trainId, environment: `${name}-a` }));
  };

  it.each([
    // [case, deployedAt, ring start, stable failing after, expected baseline, asked at]
    ['a promoted target: stable after deployedAt is the release itself', at(20), T0, 20, false, T0],
    // deployedAt is a pass after the promotion: the window before it already holds the release as "stable"
    ['a promoted target whose stable role ran the release before deployedAt', at(20), T0, 10, false, T0],
    ['a target still in canary: stable now is the old version', null, T0, 20, true, at(90)],
    ['promoted after now (clock skew): read now', at(120), T0, 20, true, at(90)],
  ] as const)('%s', async (_name, deployedAt, ringStartedAt, failingAfterSeconds, stable, askedAt) => {
    const t = await seed(deployedAt, ringStartedAt);
    // the stable role fails from `failingAfterSeconds` on: after a promotion that is the release failing
    const probe = new RecordingProbe((_env, when) => when.getTime() > at(failingAfterSeconds).getTime());
    const { input } = await new AttributionSignals(prisma, probe).gather({
      trainId: t.trainId,
      environment: t.environment,
      now: at(90),
    });
    expect(input.stableFailingSameWay).toBe(stable);
    expect(probe.asked[0]).toEqual({ environment: t.environment, at: askedAt });
  });

  it.each([
    // [case, the stable role runs the release, expected baseline, asked at]
    ['promoted, then failed before it was seen healthy: read when the train touched it', true, false, at(10)],
    ['still in canary: read now', false, true, at(90)],
    ['cannot be told: read now', undefined, true, at(90)],
  ] as const)('no deployedAt, %s', async (_name, promoted, stable, askedAt) => {
    const t = await seed(null, at(10));
    // the stable role fails from 20 s on: once promoted, that is the release failing
    const probe = new RecordingProbe((_env, when) => when.getTime() > at(20).getTime());
    const stableRole = { stableRunsRelease: async () => promoted };
    const { input } = await new AttributionSignals(prisma, probe, stableRole).gather({
      trainId: t.trainId,
      environment: t.environment,
      now: at(90),
    });
    expect(input.stableFailingSameWay).toBe(stable);
    expect(probe.asked[0]).toEqual({ environment: t.environment, at: askedAt });
  });

  it('the train touched the target when its ring started, not when it became healthy', async () => {
    const t = await seed(at(40), at(10));
    // failing from before the ring started: the time signal fires at the ring's start
    const probe = new RecordingProbe((_env, when) => when.getTime() <= at(10).getTime());
    const { input } = await new AttributionSignals(prisma, probe).gather({
      trainId: t.trainId,
      environment: t.environment,
      now: at(90),
    });
    expect(input.trainTouchedAt).toEqual(at(10));
    expect(probe.asked.map((a) => a.at)).toContainEqual(at(10));
    expect(input.failureBeganAt).toBeDefined();
  });

  it('without a ring run the target was touched at its deployedAt', async () => {
    const t = await seed(at(40));
    const { input } = await new AttributionSignals(prisma).gather({
      trainId: t.trainId,
      environment: t.environment,
      now: at(90),
    });
    expect(input.trainTouchedAt).toEqual(at(40));
  });
});
