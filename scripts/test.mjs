#!/usr/bin/env node
// Runs the whole jest suite and prints the plain "N passed, N failed" line CI reads.
// Extra arguments go to jest (e.g. `npm test -- libs/domain`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'ringmaster-jest-'));
const out = path.join(dir, 'result.json');
const jest = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
    },
  },
);
let summary = 'jest wrote no result';
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary =
    `${r.numPassedTests} passed, ${r.numFailedTests} failed` +
    (r.numPendingTests ? `, ${r.numPendingTests} skipped` : '');
  if (r.numRuntimeErrorTestSuites) summary += `\n${r.numRuntimeErrorTestSuites} test suites failed to run`;
} catch {
  // jest crashed before writing results: its own output says why
}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(jest.status ?? 1);
