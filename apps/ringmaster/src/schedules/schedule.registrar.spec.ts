import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduleRegistrar } from './schedule.registrar.js';
import type { ScheduleJobDefinition, ScheduleRepository, StoredSchedule } from './schedule.repository.js';
import type { ScheduleRunner } from './schedule.runner.js';

const INTERVAL_MS = 1_000;

/** A hand-written fake of the two reads the registrar makes; `failing` makes both reject as an unmigrated database. */
class FakeSchedules {
  failing = false;
  stored: ScheduleJobDefinition[] = [];
  reads = 0;

  list(): Promise<StoredSchedule[]> {
    return this.failing ? Promise.reject(new Error('relation "Schedule" does not exist')) : Promise.resolve([]);
  }

  listJobDefinitions(): Promise<ScheduleJobDefinition[]> {
    this.reads++;
    return this.failing ? Promise.reject(new Error('connection refused')) : Promise.resolve(this.stored);
  }
}

const weekly: ScheduleJobDefinition = {
  id: 'a',
  cron: '0 9 * * 3',
  timezone: 'Europe/Berlin',
  updatedAt: new Date('2026-03-01T00:00:00Z'),
};

describe('ScheduleRegistrar sync', () => {
  let schedules: FakeSchedules;
  let ticked: string[];
  let registrar: ScheduleRegistrar;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-02T00:00:00Z') });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    schedules = new FakeSchedules();
    ticked = [];
    const runner = { tickById: (id: string) => (ticked.push(id), Promise.resolve([])) } as unknown as ScheduleRunner;
    registrar = new ScheduleRegistrar(new SchedulerRegistry(), schedules as unknown as ScheduleRepository, runner, {
      intervalMs: INTERVAL_MS,
    });
  });
  afterEach(() => {
    registrar.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('syncs every interval, ticks what it adds, and keeps its jobs while the database cannot answer', async () => {
    await registrar.onApplicationBootstrap();
    schedules.stored = [weekly];
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(registrar.isRegistered('a')).toBe(true);
    expect(ticked).toEqual(['a']);

    schedules.failing = true;
    await jest.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    await expect(registrar.sync()).resolves.toBeUndefined();
    expect(registrar.isRegistered('a')).toBe(true);

    schedules.failing = false;
    schedules.stored = [];
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(registrar.isRegistered('a')).toBe(false);
    expect(ticked).toEqual(['a']);
  });

  it('retries the start-up load, then syncs; module destroy stops both', async () => {
    schedules.failing = true;
    await registrar.onApplicationBootstrap(2 * INTERVAL_MS);
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(schedules.reads).toBe(0); // no sync before the schedules could be loaded once
    schedules.failing = false;
    await jest.advanceTimersByTimeAsync(2 * INTERVAL_MS); // the retry loads at 2 s, the first sync runs at 3 s
    expect(schedules.reads).toBe(1);

    await registrar.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(schedules.reads).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('leaves alone a schedule registered on this replica while a sync was reading', async () => {
    await registrar.onApplicationBootstrap();
    let answer: (rows: ScheduleJobDefinition[]) => void = () => undefined;
    schedules.listJobDefinitions = () => new Promise((resolve) => (answer = resolve));
    const pass = registrar.sync();
    registrar.register(weekly); // createSchedule here, committed after the sync's read
    answer([]);
    await pass;
    expect(registrar.isRegistered('a')).toBe(true);
  });
});
