import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor, pageRequest, toConnection } from './connection.paging.js';

describe('pageRequest', () => {
  it.each([
    ['defaults', {}, { first: 50 }],
    ['a page size', { first: 10 }, { first: 10 }],
    ['a cursor', { first: 2, after: encodeCursor('env-b') }, { first: 2, afterKey: 'env-b' }],
  ])('%s', (_name, args, expected) => {
    expect(pageRequest(args)).toEqual(expected);
  });

  it.each([
    ['a negative size', { first: -1 }, 'first'],
    ['a size over the limit', { first: 501 }, 'first'],
    ['a forged cursor', { after: 'bm9wZQ' }, 'after'],
    ['garbage', { after: '!!' }, 'after'],
  ])('refuses %s naming the field', (_name, args, field) => {
    expect(() => pageRequest(args)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field }));
  });
});

describe('toConnection', () => {
  const rows = ['a', 'b', 'c'];
  it.each([
    ['more rows than the page', 2, ['a', 'b'], true],
    ['the last page', 3, ['a', 'b', 'c'], false],
    ['an empty page', 0, [], true],
  ])('%s', (_name, first, names, hasNextPage) => {
    const page = toConnection(
      rows,
      { first },
      3,
      (r) => r,
      (r) => ({ name: r }),
    );
    expect(page.edges.map((e) => e.node.name)).toEqual(names);
    expect(page.pageInfo.hasNextPage).toBe(hasNextPage);
    expect(page.pageInfo.endCursor === null ? null : decodeCursor(page.pageInfo.endCursor)).toBe(names.at(-1) ?? null);
    expect(page.totalCount).toBe(3);
  });
});
