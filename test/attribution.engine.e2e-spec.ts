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
} from '@ringmaster/persistence';
import { isDomainError } from '@ringmaster/domain';
import { AttributionOverrides } from '../apps/ringmaster/src/attribution/attribution.override.service.js';
import { AttributionRepository } from '../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../apps/ringmaster/src/attribution/attribution.signals.js';
import { ReleaseAttributor } from '../apps/ringmaster/src/attribution/release.attributor.js';
import { seedTrain, type SeedTarget } from './scenarios/support/train.seed.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const T0 = new Date('2026-12-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(modes)('ReleaseAttributor on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let repository: AttributionRepository;
  let attributor: ReleaseAttributor;
  let seq = 0;

  beforeAll(async () => {
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    repository = new AttributionRepository(prisma);
    attributor = new ReleaseAttributor(new AttributionSignals(prisma), repository);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
  });

  /** A train whose environments are named `<prefix>-<name>` so each test has its own fleet. */
  const train = async (targets: SeedTarget[]) => {
    const prefix = `t${++seq}`;
    const named = targets.map((t) => ({ ...t, environment: `${prefix}-${t.environment}`, cluster: t.cluster }));
    const id = await seedTrain(prisma, { version: `2026.49.${seq}`, startedAt: T0, targets: named });
    return { id, env: (name: string) => `${prefix}-${name}` };
  };

  it('the same error-rate signature across tenants and clusters is the release, halting now, and is persisted', async () => {
    const t = await train([
      { environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'ERROR_RATE_REGRESSION' },
      { environment: 'b', cluster: 'eu-1', tenant: 'globex', failure: 'ERROR_RATE_REGRESSION' },
      { environment: 'c', cluster: 'us-1', tenant: 'initech', failure: 'ERROR_RATE_REGRESSION' },
      { environment: 'd', cluster: 'us-1', tenant: 'umbrella' },
    ]);
    const result = await attributor.attribute({
      trainId: t.id,
      environment: t.env('a'),
      ring: 'cohort',
      attempt: 1,
      now: at(3),
    });
    expect(result).toMatchObject({ attempt: 1, cause: 'RELEASE', haltNow: true, signature: 'ERROR_RATE_REGRESSION' });
    expect(result.evidence!.some((e) => e.startsWith('Spread: 3 target(s) in 3 tenants across 2 clusters'))).toBe(true);
    const rows = await repository.listForTrain(t.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      environment: t.env('a'),
      ring: 'cohort',
      cause: 'RELEASE',
      evidence: result.evidence,
    });
    expect((await repository.latestForTrain(t.id)).get(t.env('a'))).toMatchObject({ attempt: 1, cause: 'RELEASE' });
  });

  it.each([
    ['a revision change 10 min before the failure', at(-8), 'CUSTOMER_CODE'],
    ['a revision change 2 h before the failure', at(-118), 'UNKNOWN'],
    ['a revision change after the failure', at(5), 'UNKNOWN'],
  ])('one tenant failing alone with %s (at %s) → %s', async (_name, changedAt, cause) => {
    const t = await train([
      { environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'CrashLoopBackOff', revisionChangedAt: changedAt },
      { environment: 'b', cluster: 'eu-1', tenant: 'globex' },
      { environment: 'c', cluster: 'us-1', tenant: 'initech' },
    ]);
    const result = await attributor.attribute({
      trainId: t.id,
      environment: t.env('a'),
      ring: 'r',
      attempt: 1,
      now: at(3),
    });
    expect(result.cause).toBe(cause);
    expect(result.evidence!.some((e) => e.startsWith('Customer change'))).toBe(cause === 'CUSTOMER_CODE');
  });

  it('a customer change against the same failure in other tenants is a conflict, not the customer', async () => {
    const t = await train([
      { environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'CrashLoopBackOff', revisionChangedAt: at(-5) },
      { environment: 'b', cluster: 'eu-1', tenant: 'globex', failure: 'CrashLoopBackOff' },
      { environment: 'c', cluster: 'eu-1', tenant: 'initech' },
    ]);
    const result = await attributor.attribute({
      trainId: t.id,
      environment: t.env('a'),
      ring: 'r',
      attempt: 1,
      now: at(3),
    });
    expect(result.cause).toBe('UNKNOWN');
    expect(result.evidence!.some((e) => e.startsWith('Conflict'))).toBe(true);
  });

  it('a retried target failing again is judged anew; the latest judgement counts', async () => {
    const t = await train([
      { environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'API_UNAVAILABLE', attempts: 2, failedAt: at(2) },
    ]);
    const first = await attributor.attribute({
      trainId: t.id,
      environment: t.env('a'),
      ring: 'r',
      attempt: 2,
      now: at(3),
    });
    expect(first.cause).toBe('TRANSIENT');
    expect(first.evidence).toContain('Retry: the failure persisted after a retry.');
    await prisma.target.updateMany({
      where: { trainId: t.id },
      data: { failureSignature: 'OOMKilled', failedAt: at(4) },
    });
    const second = await attributor.attribute({
      trainId: t.id,
      environment: t.env('a'),
      ring: 'r',
      attempt: 2,
      now: at(5),
    });
    expect(second.signature).toBe('OOM_KILLED');
    expect(await repository.listForTrain(t.id)).toHaveLength(2);
    expect((await repository.latestForTrain(t.id)).get(t.env('a'))).toMatchObject({
      attempt: 2,
      signature: 'OOM_KILLED',
    });
  });

  it('an unknown target answers UNKNOWN with the reason as evidence, and nothing is written', async () => {
    const t = await train([{ environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'x' }]);
    const verdict = await attributor.attribute({
      trainId: t.id,
      environment: 'nowhere',
      ring: 'r',
      attempt: 3,
      now: at(1),
    });
    expect(verdict).toMatchObject({ attempt: 3, cause: 'UNKNOWN', haltNow: false });
    expect(verdict.evidence![0]).toMatch(/has no target nowhere/);
    await expect(
      attributor.judge({ trainId: t.id, environment: 'nowhere', ring: 'r', attempt: 3, now: at(1) }),
    ).rejects.toThrow(/has no target nowhere/);
    expect(await repository.listForTrain(t.id)).toHaveLength(0);
  });

  describe('overrideAttribution', () => {
    const overrides = () => new AttributionOverrides(repository);

    it('records the new cause, the judged one, who and why, and wakes the train', async () => {
      const t = await train([{ environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'CrashLoopBackOff' }]);
      const judged = await attributor.judge({
        trainId: t.id,
        environment: t.env('a'),
        ring: 'r',
        attempt: 1,
        now: at(3),
      });
      expect(judged.cause).toBe('UNKNOWN');
      const row = await overrides().override(
        judged.id,
        'CUSTOMER_CODE',
        '  acme pushed a bad config  ',
        'token:alice',
        at(9),
      );
      expect(row).toMatchObject({
        cause: 'CUSTOMER_CODE',
        confidence: 1,
        judgedCause: 'UNKNOWN',
        overriddenBy: 'token:alice',
        overrideNote: 'acme pushed a bad config',
        overriddenAt: at(9),
      });
      expect((await prisma.train.findUniqueOrThrow({ where: { id: t.id } })).nextReconcileAt).toEqual(at(9));
      expect((await repository.latestForTrain(t.id)).get(t.env('a'))).toMatchObject({
        cause: 'CUSTOMER_CODE',
        overriddenBy: 'token:alice',
      });
      const again = await overrides().override(judged.id, 'RELEASE', 'on second thought', 'token:bob', at(10));
      expect(again).toMatchObject({ cause: 'RELEASE', judgedCause: 'UNKNOWN', overriddenBy: 'token:bob' });
    });

    it.each([
      ['a blank note', 'RELEASE', ' ', 'BAD_USER_INPUT', 'note'],
      ['an unknown cause', 'GREMLINS', 'why', 'BAD_USER_INPUT', 'cause'],
    ])('refuses %s (cause %s, note %p) with %s on %s', async (_name, cause, note, code, field) => {
      const t = await train([{ environment: 'a', cluster: 'eu-1', tenant: 'acme', failure: 'CrashLoopBackOff' }]);
      const judged = await attributor.judge({
        trainId: t.id,
        environment: t.env('a'),
        ring: 'r',
        attempt: 1,
        now: at(3),
      });
      const error = await overrides()
        .override(judged.id, cause as 'RELEASE', note, 'token:alice', at(9))
        .catch((e: unknown) => e);
      expect(isDomainError(error) && { code: error.code, field: error.field }).toEqual({ code, field });
      expect((await repository.find(judged.id))?.overriddenBy).toBeNull();
    });

    it('an unknown id is NOT_FOUND', async () => {
      const error = await overrides()
        .override('00000000-0000-0000-0000-000000000000', 'RELEASE', 'why', 'token:alice', at(1))
        .catch((e: unknown) => e);
      expect(isDomainError(error) && error.code).toBe('NOT_FOUND');
    });
  });
});
