import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENARIO_SCHEMA } from './scenario.schema.js';

// scenario.schema.json is the published JSON Schema (for editors: `# yaml-language-server: $schema=…`);
// regenerate it with `node apps/fleet-sim/dist/main.js --print-schema > apps/fleet-sim/scenario.schema.json`.
describe('scenario.schema.json', () => {
  it('is the schema the loader validates with', () => {
    const published = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../scenario.schema.json', import.meta.url)), 'utf8'),
    );
    expect(published).toEqual(SCENARIO_SCHEMA);
  });
});
