#!/usr/bin/env node
/* global setInterval, clearInterval */
// Scale bench (not part of npm test): 50 clusters and 20,000 environments (40,000 Rollouts) in one process.
// Runs the fleet on real time for BENCH_SECONDS (default 60 = one simulated minute) while a release rolls out to a
// share of the fleet and every cluster is scraped like Prometheus would; prints memory and CPU per simulated minute.
// Needs the build: `npx tsc -b apps/fleet-sim/tsconfig.build.json && node apps/fleet-sim/bench/scale.bench.mjs`
import { startFleetSim } from '../dist/index.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RELEASE_SHARE = Number(process.env.BENCH_RELEASE_SHARE ?? 0.1);
const SCRAPE_EVERY_MS = 15_000;
const PATCH_CONCURRENCY = 32;
const MB = 1024 * 1024;

const mem = () => {
  const m = process.memoryUsage();
  return `rss ${(m.rss / MB).toFixed(0)} MB, heap ${(m.heapUsed / MB).toFixed(0)} MB`;
};
const cpuSeconds = (u) => (u.user + u.system) / 1e6;

const scenario = {
  name: 'scale',
  settings: { tick: '200ms', podStart: '2s', progressDeadlineSeconds: 120, eventHistory: 500 },
  platform: { version: '2026.46.0' },
  clusters: Array.from({ length: CLUSTERS }, (_, i) => ({
    name: `c${String(i + 1).padStart(2, '0')}`,
    region: ['eu', 'us', 'ap'][i % 3],
  })),
  canary: {
    steps: [{ setWeight: 25 }, { pause: { duration: '10s' } }, { setWeight: 50 }, { pause: { duration: '10s' } }],
  },
  environments: {
    generate: [
      {
        count: ENVIRONMENTS,
        namePrefix: 'env',
        tenantCount: Math.ceil(ENVIRONMENTS / 3),
        cohorts: ['early', 'late'],
        replicas: 2,
        rps: { min: 0.01, max: 100 },
        workloadRefShare: 0.2,
      },
    ],
  },
};

const t0 = Date.now();
const cpu0 = process.cpuUsage();
const sim = await startFleetSim({ scenario });
console.log(
  `started ${CLUSTERS} clusters, ${ENVIRONMENTS} environments in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${mem()}`,
);

// wait for the initial deploy to settle (no Rollout waiting for a pass), at most SETTLE_LIMIT_MS
const SETTLE_LIMIT_MS = Number(process.env.BENCH_SETTLE_LIMIT_MS ?? 60_000);
const settleStart = Date.now();
while (sim.stats().controllerBacklog > 0 && Date.now() - settleStart < SETTLE_LIMIT_MS) {
  await new Promise((r) => setTimeout(r, 500));
}
await new Promise((r) => setTimeout(r, 3000));
const settled = sim.stats();
console.log(
  `initial deploy ${settled.controllerBacklog > 0 ? `NOT settled (backlog ${settled.controllerBacklog})` : 'settled'} ` +
    `after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${settled.rollouts} rollouts, ${settled.pods} pods, ` +
    `${settled.controllerPasses} passes; ${mem()}`,
);

// a release to a share of the environments, through the Kubernetes API (merge patches of the template)
const targets = sim.environments().filter((_, i) => i % Math.round(1 / RELEASE_SHARE) === 0);
const byCluster = new Map(sim.clusters.map((c) => [c.name, c]));
const patches = targets.flatMap((e) =>
  e.components.filter(() => !e.workloadRef).map((c) => ({ env: e, component: c.name })),
);
const cpu1 = process.cpuUsage();
const t1 = Date.now();
let next = 0;
const PATCH_ATTEMPTS = 3;
let patchErrors = 0;
let patchRetries = 0;
const worker = async () => {
  while (next < patches.length) {
    const { env, component } = patches[next++];
    const c = byCluster.get(env.cluster);
    const url = `${c.baseUrl}/apis/argoproj.io/v1alpha1/namespaces/${env.name}/rollouts/${component}`;
    const body = JSON.stringify([
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: `cms/${component}:2026.47.0` },
    ]);
    // like a real client: retry a reset connection (keep-alive race under load), give up after PATCH_ATTEMPTS
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json-patch+json' },
          body,
        });
        await res.arrayBuffer();
        if (!res.ok) patchErrors++;
        break;
      } catch {
        if (attempt >= PATCH_ATTEMPTS) {
          patchErrors++;
          break;
        }
        patchRetries++;
      }
    }
  }
};
const scrapeOne = (c) =>
  fetch(c.metricsUrl)
    .then((r) => r.text())
    .then(
      () => true,
      () => false,
    );
const scraper = setInterval(async () => {
  const s = Date.now();
  const failed = (await Promise.all(sim.clusters.map(scrapeOne))).filter((ok) => !ok).length;
  console.log(`  scraped ${sim.clusters.length} clusters in ${Date.now() - s} ms${failed ? `, ${failed} failed` : ''}`);
}, SCRAPE_EVERY_MS);
await Promise.all(Array.from({ length: PATCH_CONCURRENCY }, worker));
console.log(
  `released to ${patches.length} rollouts in ${((Date.now() - t1) / 1000).toFixed(1)} s ` +
    `(${patchErrors} failed, ${patchRetries} retried after a reset connection)`,
);

await new Promise((r) => setTimeout(r, Math.max(0, SECONDS * 1000 - (Date.now() - t1))));
clearInterval(scraper);
const elapsedMin = (Date.now() - t1) / 60_000;
const used = cpuSeconds(process.cpuUsage(cpu1));
const end = sim.stats();
console.log(
  `steady run: ${(elapsedMin * 60).toFixed(0)} s, CPU ${(used / elapsedMin).toFixed(1)} s per simulated minute ` +
    `(${((used / (elapsedMin * 60)) * 100).toFixed(0)}% of one core), controller passes ${end.controllerPasses - settled.controllerPasses}; ${mem()}`,
);
console.log(
  `startup CPU ${cpuSeconds(process.cpuUsage(cpu0)) - used} s; requests ${JSON.stringify(sim.requestCounts())}`,
);
await sim.close();
