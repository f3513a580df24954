import { describe, expect, it } from '@jest/globals';
import { jobVersion, planScheduleSync } from './schedule-sync.planner.js';
import type { ScheduleJobDefinition } from './schedule.repository.js';

const def = (id: string, cron = '0 9 * * 3', updatedAt = '2026-03-01T00:00:00Z'): ScheduleJobDefinition => ({
  id,
  cron,
  timezone: 'Europe/Berlin',
  updatedAt: new Date(updatedAt),
});
const running = (...defs: ScheduleJobDefinition[]) => new Map(defs.map((d) => [d.id, jobVersion(d)]));

describe('planScheduleSync', () => {
  it.each<[string, Map<string, string>, ScheduleJobDefinition[], Set<string>, string[], string[], string[]]>([
    ['nothing stored, nothing running', running(), [], new Set(), [], [], []],
    ['in line', running(def('a'), def('b')), [def('a'), def('b')], new Set(), [], [], []],
    ['a new schedule gets a job', running(def('a')), [def('a'), def('b')], new Set(), ['b'], [], []],
    ['a deleted schedule loses its job', running(def('a'), def('b')), [def('a')], new Set(), [], [], ['b']],
    [
      'an update (new updatedAt) replaces the job',
      running(def('a')),
      [def('a', '0 9 * * 3', '2026-03-02T00:00:00Z')],
      new Set(),
      [],
      ['a'],
      [],
    ],
    [
      'a new cron without a new updatedAt replaces it too',
      running(def('a')),
      [def('a', '0 6 * * *')],
      new Set(),
      [],
      ['a'],
      [],
    ],
    [
      'a schedule changed here while reading is left alone',
      running(def('a'), def('c', '0 6 * * *')),
      [def('b'), def('c')],
      new Set(['a', 'b', 'c']),
      [],
      [],
      [],
    ],
  ])('%s', (_name, jobs, stored, skip, add, replace, remove) => {
    const plan = planScheduleSync(jobs, stored, skip);
    expect({ add: plan.add.map((d) => d.id), replace: plan.replace.map((d) => d.id), remove: plan.remove }).toEqual({
      add,
      replace,
      remove,
    });
  });
});
