import { describe, expect, it } from '@jest/globals';
import { commandReason, MAX_REASON_LENGTH } from './command-reason.js';

describe('commandReason', () => {
  it.each([
    ['a plain reason', 'error rate up in eu', 'error rate up in eu'],
    ['surrounding blanks trimmed', '  tickets\n', 'tickets'],
    ['at the length limit', 'x'.repeat(MAX_REASON_LENGTH), 'x'.repeat(MAX_REASON_LENGTH)],
  ])('accepts %s', (_name, reason, expected) => {
    expect(commandReason(reason)).toBe(expected);
  });

  it.each([
    ['an empty reason', ''],
    ['only blanks', ' \t\n'],
    ['one character too long', 'x'.repeat(MAX_REASON_LENGTH + 1)],
  ])('refuses %s with BAD_USER_INPUT on the field', (_name, reason) => {
    expect(() => commandReason(reason)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'reason' }));
  });
});
