import { describe, expect, it } from '@jest/globals';
import type { FreezeWindow } from '@ringmaster/domain';
import { frozenAt } from './freeze.observation.js';

const at = (iso: string) => Date.parse(iso);
const XMAS: FreezeWindow = {
  kind: 'ONE_OFF',
  from: '2026-12-24T00:00:00Z',
  to: '2026-12-27T00:00:00Z',
  reason: 'holidays',
};
const WEEKEND: FreezeWindow = {
  kind: 'WEEKLY',
  timezone: 'Europe/Berlin',
  startDay: 'FRI',
  startTime: '15:00',
  endDay: 'MON',
  endTime: '08:00',
};

describe('frozenAt', () => {
  it.each<[string, FreezeWindow[], string, ReturnType<typeof frozenAt>]>([
    ['no windows', [], '2026-12-25T10:00:00Z', undefined],
    ['outside every window', [XMAS], '2026-12-02T10:00:00Z', undefined],
    ['inside a one-off window', [XMAS], '2026-12-25T10:00:00Z', { until: at(XMAS.to), reason: 'holidays' }],
    ['at the end of a window: no longer frozen', [XMAS], XMAS.to, undefined],
    [
      'a weekly window, in its timezone',
      [WEEKEND],
      '2026-12-05T12:00:00Z',
      { until: at('2026-12-07T07:00:00Z'), reason: 'weekly freeze FRI 15:00 → MON 08:00 Europe/Berlin' },
    ],
    [
      'chained windows freeze until the last one ends',
      [XMAS, { kind: 'ONE_OFF', from: XMAS.to, to: '2026-12-28T00:00:00Z' }],
      '2026-12-26T10:00:00Z',
      { until: at('2026-12-28T00:00:00Z'), reason: 'holidays' },
    ],
  ])('%s', (_name, windows, now, expected) => {
    expect(frozenAt(windows, at(now))).toEqual(expected);
  });
});
