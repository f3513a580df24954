#!/usr/bin/env node
// `npm run bench:attribution`: runs the labelled attribution corpus (test/scenarios/corpus.scenarios.ts) for real —
// per scenario a fleet-sim and a Prometheus (/usr/bin/prometheus, 1 s scrape), one embedded database — in two modes:
// direct (deploy, bake, BakeObserver + ReleaseAttributor on every target) and engine (a real two-ring train through
// TrainReconciler with auto-rollback). Prints per-class precision and recall against the targets, every
// miss, and for the trains the false-halt rate, time from first exposure to the halt, fleet exposed at the halt and
// ROLLBACK_UNSAFE. About 15 s (direct) and 25 s (engine) per scenario, CORPUS_CONCURRENCY at a time.
// Options: CORPUS_MODE=direct|engine|both (default both), CORPUS_ONLY=<substring of a scenario name>,
// CORPUS_BAKE_MS (default 8000), CORPUS_CONCURRENCY (default 2), CORPUS_TRAIN_TIMEOUT_MS (default 60000),
// CORPUS_WARM_UP_MS (fault-free traffic before each scenario, the baseline's history; default 5000),
// PROMETHEUS_BINARY.
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
