import { describe, expect, it } from '@jest/globals';
import { checkCron, nextOccurrence, occurrencesBetween } from './cron.occurrences.js';

describe('checkCron', () => {
  it.each<[string, string, string | undefined]>([
    ['weekly', '0 9 * * 3', undefined],
    ['leap day', '0 9 29 2 *', undefined],
    ['four fields', '0 9 * *', 'five fields expected (minute hour day month weekday)'],
    ['six fields (seconds)', '0 0 9 * * 3', 'five fields expected (minute hour day month weekday)'],
    ['minute out of range', '61 9 * * 3', 'Field value (61) is out of range'],
    ['weekday out of range', '0 9 * * 8', 'Field value (8) is out of range'],
    ['words', 'every wednesday at nine', 'five fields expected (minute hour day month weekday)'],
    ['a day that never comes', '0 9 31 2 *', 'it never fires (no such day in any year)'],
  ])('%s: %s', (_name, cron, expected) => {
    expect(checkCron(cron, 'Europe/Berlin')).toBe(expected);
  });
});

describe('occurrences in a timezone', () => {
  it.each<[string, string, string, string, string]>([
    ['09:00 in winter', '0 9 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', '2026-03-28T08:00:00.000Z'],
    ['09:00 after spring-forward', '0 9 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T07:00:00.000Z'],
    [
      '02:30 skipped by spring-forward',
      '30 2 * * *',
      'America/New_York',
      '2026-03-08T00:00:00Z',
      '2026-03-08T07:00:00.000Z',
    ],
    [
      '01:30 repeated by fall-back: the first one',
      '30 1 * * *',
      'America/New_York',
      '2026-11-01T04:00:00Z',
      '2026-11-01T05:30:00.000Z',
    ],
    [
      '01:30 repeated by fall-back: not again',
      '30 1 * * *',
      'America/New_York',
      '2026-11-01T05:30:00Z',
      '2026-11-02T06:30:00.000Z',
    ],
  ])('%s', (_name, cron, timezone, after, expected) => {
    expect(new Date(nextOccurrence(cron, timezone, Date.parse(after))).toISOString()).toBe(expected);
  });

  it('lists every occurrence in (after, until]', () => {
    const found = occurrencesBetween(
      '0 9 * * 3',
      'Europe/Berlin',
      Date.parse('2026-03-18T08:00:00Z'),
      Date.parse('2026-04-01T07:00:00Z'),
    );
    expect(found.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-25T08:00:00.000Z',
      '2026-04-01T07:00:00.000Z',
    ]);
  });
});
