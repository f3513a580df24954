import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService } from '../apps/ringmaster/src/bootstrap.js';

// A ring plan's freeze windows over GraphQL: set by upsertRingPlan (validated as a schedule's are), returned by
// ringPlan and ringPlans, kept when an upsert leaves them out, cleared by [].

const ADMIN_TOKEN = 'ring-plans-e2e-admin-token-0123456789';
const WINDOWS = `freezeWindows { kind from to timezone startDay startTime endDay endTime reason }`;
const UPSERT = `mutation ($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { name revision ${WINDOWS} } }`;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

const rings = [
  {
    name: 'all',
    kind: 'ALL',
    selector: '',
    maxParallel: 5,
    bake: '30m',
    failureBudget: { maxFailures: 1 },
    gate: 'AUTO',
  },
];
const weekend = {
  kind: 'WEEKLY',
  timezone: 'Europe/Berlin',
  startDay: 'FRI',
  startTime: '15:00',
  endDay: 'MON',
  endTime: '08:00',
  reason: 'weekend',
};
const yearEnd = { kind: 'ONE_OFF', from: '2026-12-24T00:00:00Z', to: '2027-01-02T00:00:00+01:00', reason: 'year end' };
const shown = (w: Record<string, string>) => ({
  kind: w.kind,
  from: w.from ?? null,
  to: w.to ?? null,
  timezone: w.timezone ?? null,
  startDay: w.startDay ?? null,
  startTime: w.startTime ?? null,
  endDay: w.endDay ?? null,
  endTime: w.endTime ?? null,
  reason: w.reason ?? null,
});

describe('ring plan freeze windows over GraphQL', () => {
  let testDb: TestDatabase;
  let service: Awaited<ReturnType<typeof startService>>;
  const call = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Answer;
  };
  const upsert = async (input: Record<string, unknown>) => {
    const answer = await call(UPSERT, { input: { name: 'weekly', rings, ...input } });
    expect(answer.errors).toBeUndefined();
    return answer.data!.upsertRingPlan as { revision: number; freezeWindows: unknown[] };
  };

  beforeAll(async () => {
    testDb = embeddedTestDatabase();
    service = await startService({
      ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN }),
      database: testDb.config,
    });
  }, 120_000);
  afterAll(async () => {
    await service?.close();
    await testDb?.drop();
  });

  it('sets, returns, keeps and clears the windows; a change is a new revision, the same one is not', async () => {
    const created = await upsert({ freezeWindows: [weekend, yearEnd] });
    expect(created).toMatchObject({ revision: 1, freezeWindows: [shown(weekend), shown(yearEnd)] });
    expect((await upsert({ freezeWindows: [weekend, yearEnd] })).revision).toBe(1);

    const read = await call(`{ ringPlan(name: "weekly") { ${WINDOWS} } ringPlans { name ${WINDOWS} } }`);
    expect(read.data).toEqual({
      ringPlan: { freezeWindows: [shown(weekend), shown(yearEnd)] },
      ringPlans: [{ name: 'weekly', freezeWindows: [shown(weekend), shown(yearEnd)] }],
    });

    // left out: kept, even when the rings change
    const revised = await upsert({ rings: [{ ...rings[0], maxParallel: 10 }] });
    expect(revised).toMatchObject({ revision: 2, freezeWindows: [shown(weekend), shown(yearEnd)] });
    expect(await upsert({ freezeWindows: [] })).toMatchObject({ revision: 3, freezeWindows: [] });
  });

  it.each([
    ['an unknown timezone', [{ ...weekend, timezone: 'Mars/Olympus' }], 'freezeWindows[0].timezone'],
    ['a one-off ending before it starts', [weekend, { ...yearEnd, to: '2026-12-01T00:00:00Z' }], 'freezeWindows[1].to'],
    ['an instant without offset', [{ ...yearEnd, from: '2026-12-24T00:00:00' }], 'freezeWindows[0].from'],
    ['an unknown kind', [{ kind: 'DAILY' }], 'freezeWindows[0].kind'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, freezeWindows, field) => {
    const answer = await call(UPSERT, { input: { name: 'refused', rings, freezeWindows } });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(answer.errors?.[0]?.message).toContain(field);
    const read = await call(`{ ringPlans { name } }`);
    expect((read.data!.ringPlans as { name: string }[]).map((p) => p.name)).not.toContain('refused');
  });
});
