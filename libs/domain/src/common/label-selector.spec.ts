import { describe, expect, it } from '@jest/globals';
import { compileSelector, matchesSelector } from './label-selector.matcher.js';
import { parseLabelSelector } from './label-selector.parser.js';

const acmeEu = { tenant: 'acme', region: 'eu', tier: 'gold', cluster: 'c1' };
const globexUs = { tenant: 'globex', region: 'us', cluster: 'c2' };
const empty = {};

describe('label selector matching', () => {
  it.each([
    ['the empty selector matches all', '', [true, true, true]],
    ['blank text is the empty selector', '   ', [true, true, true]],
    ['equality', 'region=eu', [true, false, false]],
    ['double equals', 'region==us', [false, true, false]],
    ['inequality matches a missing label too', 'region!=eu', [false, true, true]],
    ['in', 'tenant in (acme, initech)', [true, false, false]],
    ['notin matches a missing label too', 'tenant notin (acme)', [false, true, true]],
    ['exists', 'tier', [true, false, false]],
    ['does not exist', '!tier', [false, true, true]],
    ['comma is AND', 'region=eu,tier=gold', [true, false, false]],
    ['AND with one failing part', 'region=eu,tier=silver', [false, false, false]],
    ['set with spaces and AND', 'tenant in ( acme , globex ) , cluster!=c2', [true, false, false]],
    ['empty value matches only an empty label', 'tier=', [false, false, false]],
    ['prefixed key', 'ringmaster.io/tenant=acme', [false, false, false]],
  ])('%s: "%s"', (_name, text, expected) => {
    const selector = parseLabelSelector(text);
    expect([acmeEu, globexUs, empty].map((labels) => matchesSelector(selector, labels))).toEqual(expected);
  });

  it('compiles once into a predicate', () => {
    const match = compileSelector('region in (eu,us),!tier');
    expect([match(acmeEu), match(globexUs), match(empty)]).toEqual([false, true, false]);
  });

  it('parses into requirements', () => {
    expect(parseLabelSelector('a=b, c notin (d,e), !f').requirements).toEqual([
      { key: 'a', operator: 'Equals', values: ['b'] },
      { key: 'c', operator: 'NotIn', values: ['d', 'e'] },
      { key: 'f', operator: 'DoesNotExist', values: [] },
    ]);
  });
});

describe('label selector errors say where', () => {
  it.each([
    ['a set without parentheses', 'tenant in acme', /column 11: expected "\(" after in, found "acme"/],
    ['an unclosed set', 'tenant in (acme', /column 16: expected "," or "\)" in the set of in, found the end/],
    ['an empty set', 'tenant in ()', /column 12: expected a value in the set of in, found "\)"/],
    ['a trailing comma', 'region=eu,', /column 11: expected a label key, found the end/],
    ['a leading comma', ',region=eu', /column 1: expected a label key, found ","/],
    ['two keys without a comma', 'region eu', /column 8: expected =, ==, !=, in, notin/],
    ['a bad key', 'reg!on=eu', /column 4/],
    ['a bad value', 'region=-eu', /column 8: the value "-eu"/],
    ['a bad key prefix', 'Bad_Prefix/x=1', /column 1: the key prefix "Bad_Prefix"/],
    ['a comparison', 'replicas>3', /column 9: ">" is not supported/],
    ['a bang without key', '!', /column 2: expected a label key after "!", found the end/],
    ['a keyword as a key', 'in in (x)', /column 1: expected a label key, found "in"/],
    ['a value after a set', 'a in (b) c', /column 10: expected "," between requirements/],
  ])('%s', (_name, text, message) => {
    expect(() => parseLabelSelector(text, 'rings[2].selector')).toThrow(message);
    expect(() => parseLabelSelector(text, 'rings[2].selector')).toThrow(
      expect.objectContaining({ field: 'rings[2].selector', code: 'BAD_USER_INPUT' }),
    );
  });
});
