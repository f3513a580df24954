import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { printApiSchema } from '../apps/ringmaster/src/graphql/schema.printer.js';

describe('schema.graphql', () => {
  it('is the schema the service serves (regenerate with `node scripts/schema.mjs` and commit it)', async () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    const served = await printApiSchema();
    expect(served).toBe(committed);
  });
});
