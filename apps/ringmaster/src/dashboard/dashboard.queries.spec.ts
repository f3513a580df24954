import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';

// Every GraphQL document the page sends (public/queries.js), against the committed schema.graphql: a field renamed
// or removed in the API fails here, not in a release manager's browser.

const here = path.dirname(fileURLToPath(import.meta.url));
const schema = buildSchema(readFileSync(path.resolve(here, '../../../../schema.graphql'), 'utf8'));
// a plain browser module without types: imported by a name TypeScript does not resolve
const QUERIES_MODULE = './public/queries.js';
const documents = Object.entries((await import(QUERIES_MODULE)) as Record<string, unknown>).filter(
  (entry): entry is [string, string] => typeof entry[1] === 'string',
);

describe('the dashboard’s GraphQL documents', () => {
  it('include me, which decides whether the page offers the release manager’s buttons', () => {
    expect(documents.map(([name]) => name)).toEqual(expect.arrayContaining(['ME', 'TRAIN', 'HALT', 'ROLLBACK']));
  });

  it.each(documents)('%s is valid against schema.graphql', (_name, document) => {
    expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
  });
});
