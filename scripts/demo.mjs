#!/usr/bin/env node
// `npm run demo`: builds what changed (the service, fleet-sim and the demo), then runs the demo in this process:
// a simulated fleet, Ringmaster on an embedded database, and two release trains driven over GraphQL.
// Options: --keep (or DEMO_KEEP=1), --small (or DEMO_SCALE=small), --port N, --host H, --plain. See apps/ringmaster/demo.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const startedAt = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json', 'apps/ringmaster/demo/tsconfig.build.json'],
  { cwd: root, stdio: 'inherit' },
);
if (built.status !== 0) process.exit(built.status ?? 1);

const load = (file) => import(pathToFileURL(path.join(root, file)).href);
const { startService } = await load('apps/ringmaster/dist/bootstrap.js');
const { runDemo } = await load('apps/ringmaster/demo/dist/demo.main.js');
const code = await runDemo({
  startService,
  scenarioPath: path.join(root, 'apps/fleet-sim/scenarios/demo.yaml'),
  argv: process.argv.slice(2),
  env: process.env,
  out: process.stdout,
  startedAt,
});
process.exit(code);
