import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import {
  createPrismaClient,
  embeddedTestDatabase,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { startService } from '../apps/ringmaster/src/bootstrap.js';
import { AttributionRepository } from '../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../apps/ringmaster/src/attribution/attribution.signals.js';
import { ReleaseAttributor } from '../apps/ringmaster/src/attribution/release.attributor.js';
import { seedTrain } from './scenarios/support/train.seed.js';

const ADMIN_TOKEN = 'attribution-e2e-admin-token-0123456789';
const MUTATION = `mutation ($id: ID!, $cause: Cause!, $note: String!) {
  overrideAttribution(id: $id, cause: $cause, note: $note) {
    id environment ring cause confidence evidence signature overriddenBy createdAt
  }
}`;

interface GqlAnswer {
  data?: { overrideAttribution: Record<string, unknown> } | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

describe('overrideAttribution over GraphQL', () => {
  let testDb: TestDatabase;
  let service: Awaited<ReturnType<typeof startService>>;
  let prisma: PrismaClient;
  let attributionId: string;
  let trainId: string;

  const call = async (variables: Record<string, unknown>, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: MUTATION, variables }),
    });
    return (await res.json()) as GqlAnswer;
  };

  beforeAll(async () => {
    testDb = embeddedTestDatabase();
    service = await startService({
      ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN }),
      database: testDb.config,
    });
    prisma = createPrismaClient(service.db);
    const t0 = new Date('2026-12-02T10:00:00Z');
    trainId = await seedTrain(prisma, {
      version: '2026.50.1',
      startedAt: t0,
      targets: [{ environment: 'acme-prod', cluster: 'eu-1', tenant: 'acme', failure: 'CrashLoopBackOff' }],
    });
    const repository = new AttributionRepository(prisma);
    const judged = await new ReleaseAttributor(new AttributionSignals(prisma), repository).judge({
      trainId,
      environment: 'acme-prod',
      ring: 'internal',
      attempt: 1,
      now: new Date(t0.getTime() + 180_000),
    });
    attributionId = judged.id;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await service?.close();
    await testDb?.drop();
  });

  it('needs a token', async () => {
    const answer = await call({ id: attributionId, cause: 'RELEASE', note: 'why' }, null);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a blank note with BAD_USER_INPUT on note, and an unknown id with NOT_FOUND', async () => {
    const blank = await call({ id: attributionId, cause: 'RELEASE', note: '  ' });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const missing = await call({ id: '00000000-0000-0000-0000-000000000000', cause: 'RELEASE', note: 'why' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('overrides the cause, records who and why, and wakes the train', async () => {
    const before = new Date();
    const answer = await call({ id: attributionId, cause: 'CUSTOMER_CODE', note: 'acme shipped a bad config' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.overrideAttribution).toMatchObject({
      id: attributionId,
      environment: 'acme-prod',
      ring: 'internal',
      cause: 'CUSTOMER_CODE',
      confidence: 1,
      signature: 'CRASH_LOOP',
      overriddenBy: 'admin-token',
    });
    const row = await prisma.attribution.findUniqueOrThrow({ where: { id: attributionId } });
    expect(row).toMatchObject({ judgedCause: 'UNKNOWN', overrideNote: 'acme shipped a bad config' });
    const train = await prisma.train.findUniqueOrThrow({ where: { id: trainId } });
    expect(train.nextReconcileAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });
});
