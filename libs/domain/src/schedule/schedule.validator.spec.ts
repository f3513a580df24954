import { isDomainError } from '../common/domain.errors.js';
import { validateSchedule, type CronChecker, type ScheduleInput } from './schedule.validator.js';

const checkCron: CronChecker = (cron) => (cron.split(' ').length === 5 ? undefined : 'five fields expected');
const valid: ScheduleInput = {
  name: 'weekly',
  cron: '0 9 * * 3',
  timezone: 'Europe/Berlin',
  ringPlan: 'standard',
  releaseSelector: '2026.*',
  freezeWindows: [
    { kind: 'WEEKLY', timezone: 'Europe/Berlin', startDay: 'FRI', startTime: '15:00', endDay: 'MON', endTime: '08:00' },
    { kind: 'ONE_OFF', from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00+01:00' },
  ],
};

function issuesOf(input: ScheduleInput): string[] {
  try {
    validateSchedule(input, checkCron);
    return [];
  } catch (error) {
    if (!isDomainError(error)) throw error;
    expect(error.code).toBe('BAD_USER_INPUT');
    return error.issues.map((i) => i.field);
  }
}

describe('validateSchedule', () => {
  it('accepts a valid schedule and defaults the policy to SKIP', () => {
    const def = validateSchedule(valid, checkCron);
    expect(def.missedPolicy).toBe('SKIP');
    expect(def.freezeWindows.map((w) => w.kind)).toEqual(['WEEKLY', 'ONE_OFF']);
  });

  it.each<[string, Partial<ScheduleInput>, string[]]>([
    ['invalid cron', { cron: 'every wednesday' }, ['cron']],
    ['unknown timezone', { timezone: 'Mars/Olympus' }, ['timezone']],
    ['bad name', { name: 'has space' }, ['name']],
    ['bad selector', { releaseSelector: '' }, ['releaseSelector']],
    ['bad policy', { missedPolicy: 'SOMETIMES' }, ['missedPolicy']],
    ['unknown window kind', { freezeWindows: [{ kind: 'DAILY' }] }, ['freezeWindows[0].kind']],
    [
      'one-off ending before it starts',
      { freezeWindows: [{ kind: 'ONE_OFF', from: '2026-12-27T00:00:00Z', to: '2026-12-24T00:00:00Z' }] },
      ['freezeWindows[0].to'],
    ],
    [
      'one-off without offset',
      { freezeWindows: [{ kind: 'ONE_OFF', from: '2026-12-24', to: '2026-12-27T00:00:00Z' }] },
      ['freezeWindows[0].from'],
    ],
    [
      'weekly with bad day, time and zone',
      {
        freezeWindows: [
          {
            kind: 'WEEKLY',
            timezone: 'Nowhere',
            startDay: 'FRIDAY',
            startTime: '25:00',
            endDay: 'MON',
            endTime: '08:00',
          },
        ],
      },
      ['freezeWindows[0].timezone', 'freezeWindows[0].startDay', 'freezeWindows[0].startTime'],
    ],
    [
      'empty weekly window',
      {
        freezeWindows: [
          { kind: 'WEEKLY', timezone: 'UTC', startDay: 'MON', startTime: '08:00', endDay: 'MON', endTime: '08:00' },
        ],
      },
      ['freezeWindows[0].endTime'],
    ],
    ['several problems at once', { cron: 'x', timezone: 'bad' }, ['timezone', 'cron']],
  ])('%s', (_name, overrides, fields) => {
    expect(issuesOf({ ...valid, ...overrides })).toEqual(fields);
  });
});
