import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './query-limits.rule.js';

const schema = buildSchema(`type Node { name: String, child: Node, children: [Node] } type Query { root: Node }`);
const nested = (depth: number) => '{ root { ' + 'child { '.repeat(depth - 2) + 'name' + ' }'.repeat(depth - 1) + ' }';

describe('queryLimitsRule (depth 5, 20 fields)', () => {
  it.each([
    ['a shallow query', '{ root { name } }', []],
    ['depth at the limit', nested(5), []],
    ['depth over the limit', nested(6), ['query depth 6 exceeds the limit of 5']],
    [
      'depth hidden in fragments',
      '{ root { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { child { name } } } }',
      ['query depth 6 exceeds the limit of 5'],
    ],
    [
      'too many fields through a reused fragment',
      '{ a: root { ...F } b: root { ...F } c: root { ...F } } fragment F on Node { n1: name n2: name n3: name n4: name n5: name n6: name }',
      ['query selects 21 fields, over the limit of 20'],
    ],
    [
      'a fragment bomb is measured without expanding it',
      '{ root { ...F9 } } ' +
        Array.from(
          { length: 9 },
          (_, i) => `fragment F${i + 1} on Node { a: child { ...F${i} } b: child { ...F${i} } }`,
        ).join(' ') +
        ' fragment F0 on Node { name }',
      ['query depth 11 exceeds the limit of 5', 'query selects 1535 fields, over the limit of 20'],
    ],
    ['a fragment cycle does not hang', '{ root { ...A } } fragment A on Node { child { ...A } }', []],
  ])('%s', (_name, query, messages) => {
    const errors = validate(schema, parse(query), [queryLimitsRule(5, 20)]);
    expect(errors.map((e) => e.message)).toEqual(messages);
    errors.forEach((e) => expect(e.extensions.code).toBe('BAD_USER_INPUT'));
  });
});
