#!/usr/bin/env node
// `npm run schema`: writes the GraphQL schema the service serves to schema.graphql (committed). It runs the drift
// test (test/api-schema.e2e-spec.ts) with RINGMASTER_WRITE_SCHEMA=1, so that the schema comes from the sources
// through the same transform as the tests, without a build. `npm run schema -- --check` only compares.
import { spawnSync } from 'node:child_process';

const check = process.argv.includes('--check');
const run = spawnSync(process.execPath, ['scripts/test.mjs', 'test/api-schema.e2e-spec.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...(check ? {} : { RINGMASTER_WRITE_SCHEMA: '1' }) },
});
process.exit(run.status ?? 1);
