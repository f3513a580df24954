#!/usr/bin/env node
// Builds the persistence library if needed, then runs its migrations CLI with the arguments given.
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
const built = run(['node_modules/typescript/bin/tsc', '-b', 'libs/persistence']);
if (built !== 0) process.exit(built);
process.exit(run(['libs/persistence/dist/migrate.cli.js', ...process.argv.slice(2)]));
