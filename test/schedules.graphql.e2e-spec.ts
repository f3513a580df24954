import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { createPrismaClient, embeddedTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { SchedulerRegistry } from '@nestjs/schedule';
import { startService } from '../apps/ringmaster/src/bootstrap.js';
import { jobName, ScheduleRegistrar } from '../apps/ringmaster/src/schedules/schedule.registrar.js';

const ADMIN_TOKEN = 'schedules-e2e-admin-token-0123456789';
const CREATE = `mutation ($input: CreateScheduleInput!) {
  createSchedule(input: $input) { id name cron timezone ringPlan releaseSelector missedPolicy nextOccurrenceAt
    freezeWindows { kind startDay startTime endDay endTime timezone reason } }
}`;

const UPDATE = `mutation ($input: UpdateScheduleInput!) {
  updateSchedule(input: $input) { id name cron timezone nextOccurrenceAt updatedAt }
}`;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

describe('schedules over GraphQL', () => {
  let testDb: TestDatabase;
  let service: Awaited<ReturnType<typeof startService>>;
  const start = () =>
    startService({
      ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN, RINGMASTER_SCHEDULE_SYNC_INTERVAL: '100ms' }),
      database: testDb.config,
    });
  const call = async (query: string, variables: Record<string, unknown> = {}, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Answer;
  };
  const input = (over: Record<string, unknown> = {}) => ({
    name: 'weekly',
    cron: '0 9 * * 3',
    timezone: 'Europe/Berlin',
    ringPlan: 'standard',
    releaseSelector: '2026.*',
    freezeWindows: [
      {
        kind: 'WEEKLY',
        timezone: 'Europe/Berlin',
        startDay: 'FRI',
        startTime: '15:00',
        endDay: 'MON',
        endTime: '08:00',
      },
    ],
    ...over,
  });

  const job = (scheduleId: string) => service.app.get(SchedulerRegistry).getCronJob(jobName(scheduleId));
  /** The weekday and time of an instant in a timezone, e.g. "Mon 17:30". */
  const localTime = (at: number, timeZone: string) =>
    new Date(at)
      .toLocaleString('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .replace(',', '');
  const stored = async (name: string) =>
    ((await call('{ schedules { name cron timezone } }')).data!.schedules as { name: string }[]).find(
      (s) => s.name === name,
    );

  beforeAll(async () => {
    testDb = embeddedTestDatabase();
    service = await start();
    const prisma = createPrismaClient(service.db);
    await prisma.ringPlan.create({
      data: {
        name: 'standard',
        rings: {
          create: [
            { position: 0, name: 'all', kind: 'ALL', selector: '', maxParallel: 1, bakeSeconds: 0, gate: 'AUTO' },
          ],
        },
      },
    });
    await prisma.$disconnect();
  });
  afterAll(async () => {
    await service?.close();
    await testDb?.drop();
  });

  it('creates a schedule, lists it, registers its cron job, and keeps it registered across a restart', async () => {
    const created = await call(CREATE, { input: input() });
    expect(created.errors).toBeUndefined();
    const schedule = created.data!.createSchedule as Record<string, unknown>;
    expect(schedule).toMatchObject({ name: 'weekly', ringPlan: 'standard', missedPolicy: 'SKIP' });
    expect(new Date(schedule.nextOccurrenceAt as string).getTime()).toBeGreaterThan(Date.now());
    expect(service.app.get(ScheduleRegistrar).isRegistered(schedule.id as string)).toBe(true);
    const listed = await call('{ schedules { name freezeWindows { kind startDay } } }');
    expect(listed.data).toEqual({
      schedules: [{ name: 'weekly', freezeWindows: [{ kind: 'WEEKLY', startDay: 'FRI' }] }],
    });

    await service.close();
    service = await start();
    expect(service.app.get(ScheduleRegistrar).isRegistered(schedule.id as string)).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, string | undefined]>([
    ['an invalid cron', { name: 'bad-cron', cron: 'every wednesday' }, 'BAD_USER_INPUT', 'cron'],
    ['a cron field out of range', { name: 'bad-minute', cron: '61 9 * * 3' }, 'BAD_USER_INPUT', 'cron'],
    ['a cron that never fires', { name: 'never', cron: '0 9 31 2 *' }, 'BAD_USER_INPUT', 'cron'],
    ['an unknown timezone', { name: 'bad-tz', timezone: 'Mars/Olympus' }, 'BAD_USER_INPUT', 'timezone'],
    [
      'a bad window',
      {
        name: 'bad-window',
        freezeWindows: [{ kind: 'ONE_OFF', from: '2026-12-27T00:00:00Z', to: '2026-12-24T00:00:00Z' }],
      },
      'BAD_USER_INPUT',
      'freezeWindows[0].to',
    ],
    ['an unknown ring plan', { name: 'no-plan', ringPlan: 'nope' }, 'NOT_FOUND', undefined],
    ['a taken name', {}, 'CONFLICT', undefined],
  ])('refuses %s', async (_name, over, code, field) => {
    const answer = await call(CREATE, { input: input(over) });
    expect(answer.errors?.[0].extensions?.code).toBe(code);
    if (field) expect(answer.errors?.[0].extensions?.field).toBe(field);
    // the message names what is wrong with the value given
    if (field === 'cron') expect(answer.errors?.[0].message).toContain(`invalid cron "${String(over.cron)}": `);
    if (field === 'timezone') expect(answer.errors?.[0].message).toContain('unknown timezone "Mars/Olympus"');
    expect(await call('{ schedules { name } }')).not.toHaveProperty('errors');
  });

  it('needs a token to create, and deleteSchedule stops the job', async () => {
    const anonymous = await call(CREATE, { input: input({ name: 'anon' }) }, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const { data } = await call('{ schedules { id name } }');
    const [weekly] = (data!.schedules as { id: string }[]) ?? [];
    expect(await call('mutation { deleteSchedule(name: "weekly") }')).toEqual({ data: { deleteSchedule: true } });
    expect(service.app.get(ScheduleRegistrar).isRegistered(weekly.id)).toBe(false);
    const again = await call('mutation { deleteSchedule(name: "weekly") }');
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('updateSchedule replaces cron and timezone, and the running cron job fires at the new time', async () => {
    const created = await call(CREATE, { input: input({ name: 'movable' }) });
    const { id } = created.data!.createSchedule as { id: string };
    const before = job(id);
    expect(localTime(before.nextDate().toMillis(), 'Europe/Berlin')).toBe('Wed 09:00');

    const updated = await call(UPDATE, {
      input: input({ name: 'movable', cron: '30 17 * * 1', timezone: 'America/New_York' }),
    });
    expect(updated.errors).toBeUndefined();
    const schedule = updated.data!.updateSchedule as { nextOccurrenceAt: string; updatedAt: string };
    expect(schedule).toMatchObject({ id, name: 'movable', cron: '30 17 * * 1', timezone: 'America/New_York' });
    const after = job(id);
    expect(after).not.toBe(before);
    expect(localTime(after.nextDate().toMillis(), 'America/New_York')).toBe('Mon 17:30');
    expect(new Date(schedule.nextOccurrenceAt).getTime()).toBe(after.nextDate().toMillis());
    expect(await stored('movable')).toEqual({ name: 'movable', cron: '30 17 * * 1', timezone: 'America/New_York' });
  });

  it.each<[string, Record<string, unknown>, string, string | undefined]>([
    ['a bad cron', { cron: 'every monday' }, 'BAD_USER_INPUT', 'cron'],
    ['an unknown timezone', { timezone: 'Mars/Olympus' }, 'BAD_USER_INPUT', 'timezone'],
    ['an unknown ring plan', { ringPlan: 'nope' }, 'NOT_FOUND', undefined],
  ])('updateSchedule refuses %s and changes neither the schedule nor its job', async (_name, over, code, field) => {
    const { data } = await call('{ schedules { id name } }');
    const { id } = (data!.schedules as { id: string; name: string }[]).find((s) => s.name === 'movable')!;
    const running = job(id);
    const answer = await call(UPDATE, { input: input({ name: 'movable', cron: '0 6 * * *', ...over }) });
    expect(answer.errors?.[0].extensions?.code).toBe(code);
    expect(answer.errors?.[0].extensions?.field).toBe(field);
    expect(answer.data).toBeNull();
    expect(await stored('movable')).toEqual({ name: 'movable', cron: '30 17 * * 1', timezone: 'America/New_York' });
    expect(job(id)).toBe(running);
  });

  it('updateSchedule of an unknown name is NOT_FOUND and creates nothing; every call is audited', async () => {
    const answer = await call(UPDATE, { input: input({ name: 'no-such-schedule' }) });
    expect(answer.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(answer.errors?.[0].message).toContain('schedule "no-such-schedule" not found');
    expect(await stored('no-such-schedule')).toBeUndefined();
    const audited = await service.db.query<{ actor: string; outcome: string }>(
      `SELECT actor, outcome FROM "AuditEntry" WHERE operation = 'updateSchedule' ORDER BY at, id`,
    );
    expect(audited).toEqual(
      ['ok', 'error:BAD_USER_INPUT', 'error:BAD_USER_INPUT', 'error:NOT_FOUND', 'error:NOT_FOUND'].map((outcome) => ({
        actor: 'admin-token',
        outcome,
      })),
    );
  });
  it('picks up a schedule another replica created, updated and deleted within RINGMASTER_SCHEDULE_SYNC_INTERVAL', async () => {
    // another replica's mutations, as they reach the shared table
    const prisma = createPrismaClient(service.db);
    const registrar = service.app.get(ScheduleRegistrar);
    const until = async (ok: () => boolean, what: string) => {
      for (const deadline = Date.now() + 20_000; !ok(); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      }
    };
    try {
      const plan = await prisma.ringPlan.findUniqueOrThrow({ where: { name: 'standard' } });
      const now = new Date();
      const row = await prisma.schedule.create({
        data: {
          name: 'elsewhere',
          cron: '0 9 * * 3',
          timezone: 'Europe/Berlin',
          ringPlanId: plan.id,
          releaseSelector: '2026.*',
          createdAt: now,
          updatedAt: now,
        },
      });
      await until(() => registrar.isRegistered(row.id), 'the schedule gets a job');
      expect(localTime(job(row.id).nextDate().toMillis(), 'Europe/Berlin')).toBe('Wed 09:00');

      await prisma.schedule.update({
        where: { id: row.id },
        data: { cron: '30 17 * * 1', timezone: 'America/New_York', updatedAt: new Date() },
      });
      await until(() => job(row.id).cronTime.source === '30 17 * * 1', 'its job takes the new cron');
      expect(localTime(job(row.id).nextDate().toMillis(), 'America/New_York')).toBe('Mon 17:30');

      await prisma.schedule.delete({ where: { id: row.id } });
      await until(() => !registrar.isRegistered(row.id), 'its job is gone');
    } finally {
      await prisma.$disconnect();
    }
  });
});
