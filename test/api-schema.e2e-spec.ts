import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { printApiSchema } from '../apps/ringmaster/src/graphql/schema.printer.js';

const SCHEMA_FILE = new URL('../schema.graphql', import.meta.url);
// set by scripts/schema.mjs (`npm run schema`) to regenerate the committed file
const write = process.env.RINGMASTER_WRITE_SCHEMA === '1';

describe('schema.graphql', () => {
  it('is the schema the service serves (regenerate with `node scripts/schema.mjs` and commit it)', async () => {
    const served = await printApiSchema();
    if (write) writeFileSync(SCHEMA_FILE, served);
    expect(served).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  }, 180_000);
});
