import { describe, expect, it } from '@jest/globals';
import { DomainError } from './domain.errors.js';
import { formatDuration, parseDuration } from './duration.parser.js';

describe('parseDuration', () => {
  it.each([
    ['seconds', '45s', 45_000],
    ['minutes', '30m', 1_800_000],
    ['hours', '2h', 7_200_000],
    ['hours and minutes', '1h30m', 5_400_000],
    ['zero', '0s', 0],
    ['days', '1d', 86_400_000],
    ['every unit', '1d2h3m4s5ms', 93_784_005],
    ['milliseconds', '250ms', 250],
    ['minutes then milliseconds', '1m5ms', 60_005],
  ])('reads %s (%s)', (_name, text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['the empty string', ''],
    ['a bare number', '45'],
    ['a fraction', '1.5h'],
    ['a negative', '-5s'],
    ['units out of order', '30m1h'],
    ['a repeated unit', '1h1h'],
    ['spaces', '1h 30m'],
    ['an unknown unit', '3w'],
    ['upper case', '45S'],
  ])('refuses %s with the field named', (_name, text) => {
    expect(() => parseDuration(text, 'rings[0].bake')).toThrow(DomainError);
    try {
      parseDuration(text, 'rings[0].bake');
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rings[0].bake' });
    }
  });
});

describe('formatDuration', () => {
  it.each([
    ['zero', 0, '0s'],
    ['seconds', 45_000, '45s'],
    ['hours and minutes', 5_400_000, '1h30m'],
    ['days', 90_000_000, '1d1h'],
    ['sub-second rest', 1_500, '1s500ms'],
  ])('writes %s', (_name, ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['a negative', -1],
    ['a fraction', 1.5],
  ])('refuses %s', (_name, ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});
