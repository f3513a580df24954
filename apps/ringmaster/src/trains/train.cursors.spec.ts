import { describe, expect, it } from '@jest/globals';
import { parseEventKey, parseTargetKey, parseTrainListKey, targetKey, trainListKey } from './train.cursors.js';

describe('train connection cursors', () => {
  it('round-trip their sort keys', () => {
    const train = { createdAt: new Date('2026-12-02T10:00:00.123Z'), id: 'a|b' };
    expect(parseTrainListKey(trainListKey(train))).toEqual(train);
    const target = { ringPosition: 2, environment: 'shop-"7"' };
    expect(parseTargetKey(targetKey(target))).toEqual(target);
    expect(parseEventKey('9007199254740993')).toBe('9007199254740993');
  });

  it.each([
    ['a train key without an id', () => parseTrainListKey('2026-12-02T10:00:00.000Z|')],
    ['a train key without a time', () => parseTrainListKey('yesterday|abc')],
    ['a train key without a bar', () => parseTrainListKey('abc')],
    ['a target key that is not JSON', () => parseTargetKey('[1,')],
    ['a target key of the wrong shape', () => parseTargetKey('[1.5,"x"]')],
    ['a target key with three parts', () => parseTargetKey('[1,"x",2]')],
    ['an event key that is not a number', () => parseEventKey('12a')],
    ['an event key too long for a BIGINT', () => parseEventKey('1'.repeat(20))],
  ])('refuse %s with BAD_USER_INPUT on `after`', (_name, parse) => {
    expect(parse).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }));
  });
});
