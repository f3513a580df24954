#!/usr/bin/env node
// `npm run bench:attribution`: runs the labelled attribution corpus (test/scenarios/corpus.scenarios.ts) for real —
// per scenario a fleet-sim, a Prometheus (/usr/bin/prometheus, 1 s scrape) and an embedded database — and prints
// per-class precision and recall of the judged causes, then every miss. About 15 s per scenario.
// Options: CORPUS_ONLY=<substring of a scenario name>, CORPUS_BAKE_MS (default 8000), PROMETHEUS_BINARY.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const r = spawnSync(
  process.execPath,
  [
    'node_modules/jest/bin/jest.js',
    '--testMatch=**/test/scenarios/*.bench-spec.ts',
    '--verbose=false',
    '--runInBand',
    'test/scenarios/corpus.bench-spec.ts',
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
    },
  },
);
process.exit(r.status ?? 1);
