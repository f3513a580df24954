import { badUserInput } from '@ringmaster/domain';
import type { ConnectionOf } from './connection.types.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A checked page request: how many rows to return and the sort key to start after. */
export interface PageRequest {
  first: number;
  /** the decoded `after` cursor: the sort key of the last row already seen */
  afterKey?: string;
}

/** Checks `first` and decodes `after` (opaque base64url of a sort key). Throws BAD_USER_INPUT naming the field. */
export function pageRequest(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput('first', `must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  if (args.after === undefined || args.after === null) return { first };
  return { first, afterKey: decodeCursor(args.after) };
}

export function encodeCursor(key: string): string {
  return Buffer.from(`c:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('c:') || encodeCursor(text.slice(2)) !== cursor) {
    throw badUserInput('after', 'is not a cursor returned by this connection');
  }
  return text.slice(2);
}

/**
 * A page from rows fetched with `take: first + 1` after the cursor, in cursor order. `keyOf` gives a row's sort key
 * (unique, e.g. a name or id); the extra row only says whether there is a next page.
 */
export function toConnection<R, N>(
  rows: readonly R[],
  request: PageRequest,
  totalCount: number,
  keyOf: (row: R) => string,
  toNode: (row: R) => N,
): ConnectionOf<N> {
  const page = rows.slice(0, request.first);
  const edges = page.map((row) => ({ node: toNode(row), cursor: encodeCursor(keyOf(row)) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > request.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
