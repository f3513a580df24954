#!/usr/bin/env node
// `npm run schema`: builds, then writes the GraphQL schema the service serves to schema.graphql (committed;
// test/api-schema.e2e-spec.ts fails when it drifts from the code). `--check` only compares.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const built = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
const { printApiSchema } = await import('../apps/ringmaster/dist/graphql/schema.printer.js');
const sdl = await printApiSchema();
const file = new URL('../schema.graphql', import.meta.url);
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // missing file: reported as drift below
  }
  if (committed !== sdl) {
    console.error('schema.graphql is out of date: run `npm run schema` and commit it');
    process.exit(1);
  }
  console.log('schema.graphql is up to date');
} else {
  writeFileSync(file, sdl);
  console.log('wrote schema.graphql');
}
process.exit(0);
