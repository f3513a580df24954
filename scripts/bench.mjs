#!/usr/bin/env node
// `npm run bench`: builds and runs every benchmark in the repository, one after the other, and prints their figures.
//   - libs/domain/bench (TypeScript, compiled with its own tsconfig)         decide over 20,000 targets
//   - apps/fleet-sim/bench/*.bench.mjs (on the built fleet-sim)            50 clusters x 20,000 environments
//   - any other libs/*/bench or apps/*/bench (e.g. the engine's train bench)
//   - bench/* at the root (long corpora such as attribution) only when named: `npm run bench -- attribution`
// A bench with a tsconfig.json beside it is compiled with `tsc -p` and its `*.bench.js` outputs are run; `.mjs`
// benches run as they are. Each bench has a time limit so the whole run stays under five minutes on two cores.
// Options: `npm run bench -- <substring>` runs only benches whose path contains it; `-- --list` lists them. BENCH_SECONDS etc. pass through.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_OPTIONS } from './service-node-options.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
/** Where benches live: `libs/<lib>/bench`, `apps/<app>/bench`, and `bench/<area>` at the root (each with its own tsconfig). */
const BENCH_DIRS = [
  ...['libs', 'apps'].flatMap((top) => subdirs(top).map((d) => `${d}/bench`)),
  ...subdirs('bench'),
  'bench',
];

function subdirs(rel) {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && e.name !== 'dist')
    .map((e) => `${rel}/${e.name}`);
}
/** Per-bench wall-clock limit (ms). The fleet bench runs one simulated minute plus start-up. */
const LIMIT_MS = Number(process.env.BENCH_LIMIT_MS ?? 200_000);
/** The whole run stops starting or continuing benches after this (ms): under five minutes on two cores. */
const TOTAL_MS = Number(process.env.BENCH_TOTAL_MS ?? 290_000);
const STARTED = Date.now();
// the fleet bench waits at most this long for its initial 40,000-Rollout deploy before measuring
process.env.BENCH_SETTLE_LIMIT_MS ??= '30000';
const only = process.argv[2];

const results = [];

function run(label, cmd, args, opts = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}\n$ ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
  const left = TOTAL_MS - (started - STARTED);
  if (left <= 0) return { label, seconds: 0, ok: false, outcome: 'not run: total time limit reached' };
  const timeout = Math.min(opts.timeout ?? LIMIT_MS, left);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', timeout, env: process.env });
  const seconds = (Date.now() - started) / 1000;
  const outcome = r.error?.code === 'ETIMEDOUT' || r.signal ? `stopped (${r.signal ?? 'timeout'})` : `exit ${r.status}`;
  return { label, seconds, ok: r.status === 0, outcome };
}

function tsc(label, args) {
  const r = run(`build ${label}`, process.execPath, [TSC, ...args], { timeout: 120_000 });
  if (!r.ok) results.push(r);
  return r.ok;
}

/** The outDir a tsconfig resolves to (through `extends`), from `tsc --showConfig`. */
function outDirOf(tsconfig) {
  const r = spawnSync(process.execPath, [TSC, '-p', tsconfig, '--showConfig'], { cwd: ROOT, encoding: 'utf8' });
  const outDir = JSON.parse(r.stdout).compilerOptions?.outDir;
  return outDir && path.resolve(path.dirname(tsconfig), outDir);
}

function filesUnder(dir, suffix, recurse = true) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || !recurse ? [] : filesUnder(full, suffix);
    return name.endsWith(suffix) ? [full] : [];
  });
}

const benches = [];
for (const dir of BENCH_DIRS) {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) continue;
  const tsconfig = path.join(abs, 'tsconfig.json');
  const recurse = dir !== 'bench';
  let ts = filesUnder(abs, '.bench.ts', recurse);
  if (ts.length && !existsSync(tsconfig)) {
    // a TypeScript bench needs a tsconfig.json beside it (see libs/domain/bench): say so instead of skipping it
    results.push({
      label: dir,
      seconds: 0,
      ok: false,
      outcome: 'not run: .bench.ts without a tsconfig.json beside it',
    });
    continue;
  }
  const mjs = filesUnder(abs, '.bench.mjs', recurse);
  if (ts.length || mjs.length) benches.push({ dir, tsconfig: ts.length ? tsconfig : undefined, mjs });
}
// root bench/* are long corpora with their own npm scripts (e.g. bench:attribution): run only when named
const optIn = (b) => b.dir === 'bench' || b.dir.startsWith('bench/');
if (only === '--list') {
  for (const b of benches)
    console.log(
      `${b.dir}: ${b.tsconfig ? 'tsc -p tsconfig.json; ' : ''}${b.mjs.length} .mjs${optIn(b) ? ' (only when named)' : ''}`,
    );
  process.exit(0);
}
const selected = benches.filter((b) =>
  only ? b.dir.includes(only) || b.mjs.some((f) => f.includes(only)) : !optIn(b),
);

// .mjs benches import built workspaces (dist/): build what they need once, incrementally
const needsFleet = selected.some((b) => b.mjs.length);
const needsService = selected.some((b) => b.mjs.length && !b.dir.startsWith('apps/fleet-sim'));
let built = true;
if (needsService) built = tsc('apps (tsconfig.build.json)', ['-b', 'tsconfig.build.json']);
else if (needsFleet) built = tsc('apps/fleet-sim', ['-b', 'apps/fleet-sim/tsconfig.build.json']);

for (const b of selected) {
  if (b.tsconfig && tsc(b.dir, ['-p', b.tsconfig])) {
    const outDir = outDirOf(b.tsconfig);
    for (const js of filesUnder(outDir, '.bench.js')) {
      results.push(run(path.relative(ROOT, js), process.execPath, ['--expose-gc', js]));
    }
  }
  if (!b.mjs.length) continue;
  if (!built) {
    results.push({ label: b.dir, seconds: 0, ok: false, outcome: 'not run: build failed' });
    continue;
  }
  // a bench that runs the engine in its own process runs it with the service's flags
  const flags = b.dir.startsWith('apps/ringmaster') ? SERVICE_NODE_OPTIONS : [];
  for (const file of b.mjs) {
    results.push(run(path.relative(ROOT, file), process.execPath, ['--expose-gc', ...flags, file]));
  }
}

console.log('\n=== summary');
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.label.padEnd(60)} ${r.seconds.toFixed(1)} s  ${r.outcome}`);
if (!results.length) console.log(only ? `no bench matches "${only}"` : 'no benches found');
process.exit(results.every((r) => r.ok) && results.length ? 0 : 1);
