import { isFrozen } from './freeze-window.evaluator.js';
import type { FreezeWindow, WeeklyFreezeWindow } from './freeze-window.model.js';
import { offsetMinutes } from './timezone.clock.js';

const berlinWeekend: WeeklyFreezeWindow = {
  kind: 'WEEKLY',
  timezone: 'Europe/Berlin',
  startDay: 'FRI',
  startTime: '15:00',
  endDay: 'MON',
  endTime: '08:00',
};
const nyNight: WeeklyFreezeWindow = {
  kind: 'WEEKLY',
  timezone: 'America/New_York',
  startDay: 'SAT',
  startTime: '22:00',
  endDay: 'SUN',
  endTime: '03:00',
};
const oneOff: FreezeWindow = {
  kind: 'ONE_OFF',
  from: '2026-12-24T00:00:00Z',
  to: '2026-12-27T00:00:00Z',
  reason: 'xmas',
};

const t = (iso: string) => Date.parse(iso);

describe('isFrozen', () => {
  it.each<[string, FreezeWindow[], string, string | undefined]>([
    ['no windows', [], '2026-03-06T14:00:00Z', undefined],
    ['Berlin Friday 14:59 CET is open', [berlinWeekend], '2026-03-06T13:59:00Z', undefined],
    [
      'Berlin Friday 15:00 CET freezes until Monday 08:00 CET',
      [berlinWeekend],
      '2026-03-06T14:00:00Z',
      '2026-03-09T07:00:00.000Z',
    ],
    ['Berlin Monday 08:00 CET is open again', [berlinWeekend], '2026-03-09T07:00:00Z', undefined],
    // DST starts in Berlin on Sunday 2026-03-29: Monday 08:00 is CEST (06:00Z), not CET
    [
      'Berlin weekend across spring-forward ends at 08:00 CEST',
      [berlinWeekend],
      '2026-03-27T14:30:00Z',
      '2026-03-30T06:00:00.000Z',
    ],
    // DST ends in Berlin on Sunday 2026-10-25: Friday 15:00 is CEST, Monday 08:00 is CET (07:00Z)
    [
      'Berlin weekend across fall-back ends at 08:00 CET',
      [berlinWeekend],
      '2026-10-23T13:00:00Z',
      '2026-10-26T07:00:00.000Z',
    ],
    ['Berlin Friday 15:00 CEST starts at 13:00Z', [berlinWeekend], '2026-10-23T12:59:00Z', undefined],
    // New York springs forward Sunday 2026-03-08 02:00 → 03:00 EDT
    [
      'New York Saturday 22:00 EST freezes until Sunday 03:00 EDT',
      [nyNight],
      '2026-03-08T03:00:00Z',
      '2026-03-08T07:00:00.000Z',
    ],
    ['New York Sunday 03:00 EDT is open', [nyNight], '2026-03-08T07:00:00Z', undefined],
    // New York falls back Sunday 2026-11-01 02:00 EDT → 01:00 EST
    [
      'New York Saturday 22:00 EDT freezes until Sunday 03:00 EST',
      [nyNight],
      '2026-11-01T02:00:00Z',
      '2026-11-01T08:00:00.000Z',
    ],
    ['one-off inside', [oneOff], '2026-12-25T10:00:00Z', '2026-12-27T00:00:00.000Z'],
    ['one-off end is exclusive', [oneOff], '2026-12-27T00:00:00Z', undefined],
  ])('%s', (_name, windows, at, until) => {
    const freeze = isFrozen(windows, t(at));
    expect(freeze ? new Date(freeze.until).toISOString() : undefined).toBe(until);
  });

  it('chains windows that touch: the freeze lasts until the last one ends', () => {
    const a: FreezeWindow = { kind: 'ONE_OFF', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: 'a' };
    const b: FreezeWindow = { kind: 'ONE_OFF', from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z', reason: 'b' };
    expect(isFrozen([a, b], t('2026-01-01T12:00:00Z'))).toEqual({ until: t('2026-01-03T00:00:00Z'), reason: 'a' });
  });

  it('names the window in its reason', () => {
    expect(isFrozen([oneOff], t('2026-12-25T00:00:00Z'))?.reason).toBe('xmas');
    expect(isFrozen([berlinWeekend], t('2026-03-07T00:00:00Z'))?.reason).toContain('FRI 15:00');
  });
});

describe('offsetMinutes', () => {
  it.each([
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 60],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 120],
    ['America/New_York', '2026-01-15T12:00:00Z', -300],
    ['America/New_York', '2026-07-15T12:00:00Z', -240],
    ['UTC', '2026-07-15T12:00:00Z', 0],
  ])('%s at %s is %d', (tz, at, expected) => {
    expect(offsetMinutes(tz, t(at))).toBe(expected);
  });
});
