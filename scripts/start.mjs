#!/usr/bin/env node
// `npm start`: builds what changed (incremental, a few seconds), then runs the service in the foreground.
import { spawnSync } from 'node:child_process';
import { SERVICE_NODE_OPTIONS } from './service-node-options.mjs';

const built = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
const service = spawnSync(process.execPath, [...SERVICE_NODE_OPTIONS, 'apps/ringmaster/dist/main.js'], {
  stdio: 'inherit',
});
process.exit(service.status ?? 1);
