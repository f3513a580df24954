#!/usr/bin/env node
// Engine bench (not part of npm test): one train through four rings with zero bake over 50 clusters × 20,000
// environments on fleet-sim (a child process, the scale of apps/fleet-sim/bench), the reconciler driven directly on
// a real database, the Kubernetes clients limited to 40 requests/s per cluster. Two runs: a clean deploy, then a bad
// release that halts in ring 3 and rolls back automatically. Prints each figure next to its target; exits non-zero
// only when it crashes, not when a target is missed.
//
//   npm run bench -- ringmaster                                   (builds first; BENCH_LIMIT_MS=900000 for the full run)
// Run on its own, give it the service's node flags (scripts/service-node-options.mjs), as npm run bench does:
//   node --max-semi-space-size=64 apps/ringmaster/bench/train.bench.mjs
//   BENCH_ENVIRONMENTS=2000 BENCH_CLUSTERS=10 npm run bench -- ringmaster     (a small run while developing)
// Database: BENCH_DATABASE_URL or TEST_DATABASE_URL (a throw-away database on that server), else embedded PGlite
// (then the CPU figures include the database, which runs in this process).
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { clearInterval, setInterval } from 'node:timers';
import { createClusterFleet } from '@ringmaster/clusters';
import { newTrain, startTrain } from '@ringmaster/domain';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  LeaseStore,
  openDatabase,
  postgresTestDatabase,
} from '@ringmaster/persistence';
import { UnknownAttributor } from '../dist/engine/target-attributor.js';
import { TrainReconciler } from '../dist/engine/train.reconciler.js';
import {
  CountingTrainStore,
  PassMeter,
  percentile,
  recordingDriver,
  TimedTargetsReader,
} from './bench.instruments.mjs';
import { startFleetSimProcess } from './fleet-sim.process.mjs';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 20_000);
/** per-cluster client rate limit (requests/s, burst) */
const QPS = Number(process.env.BENCH_QPS ?? 40);
/** how soon decide asks to look again while something is in flight */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1_000);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 600_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
// share of environments whose Rollouts reference a Deployment (workloadRef). Default 0: the driver's observation of
// such a Rollout has no image (null), so the engine re-issues its deploy as a no-op forever and the train never
// completes (reported; set BENCH_WORKLOAD_REF_SHARE=0.2 to see it).
const WORKLOAD_REF_SHARE = Number(process.env.BENCH_WORKLOAD_REF_SHARE ?? 0);
const PROGRESS_EVERY_MS = 15_000;
/** the client's burst, as client-go's: one second of requests */
const BURST = QPS;
// BENCH_TRACE=1 prints every pass: when it ended, its wall time split at the save, and its actions
const TRACE = process.env.BENCH_TRACE === '1';

const TARGETS = { passCpuMs: 200, writesPerTarget: 2, rollbackWithinMs: 15_000 };
const OLD = '2026.46.0';
const GOOD = '2026.47.0';
const BAD = '2026.47.9';
const COMPONENTS = ['author', 'publish'];
const MB = 1024 * 1024;

const clusterName = (i) => `c${String(i + 1).padStart(2, '0')}`;
const REGIONS = ['eu', 'us', 'ap'];
const clusters = Array.from({ length: CLUSTERS }, (_, i) => ({ name: clusterName(i), region: REGIONS[i % 3] }));
const INTERNAL_CLUSTER = clusters[0].name;
// the bad release crash-loops outside ring 1 (the internal cluster) and ring 2 (region ap): ring 3 is the first to fail
const FAULTY_CLUSTERS = clusters.filter((c) => c.name !== INTERNAL_CLUSTER && c.region !== 'ap').map((c) => c.name);

const scenario = {
  name: 'engine-bench',
  settings: { tick: '200ms', podStart: '1s', progressDeadlineSeconds: 60, eventHistory: 500 },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters,
  canary: { steps: [{ setWeight: 50 }, { pause: { duration: '1s' } }] },
  environments: {
    generate: [
      {
        count: ENVIRONMENTS,
        namePrefix: 'env',
        tenantCount: Math.ceil(ENVIRONMENTS / 3),
        cohorts: ['early', 'late'],
        components: COMPONENTS,
        replicas: 1,
        rps: { min: 1, max: 100 },
        workloadRefShare: WORKLOAD_REF_SHARE,
      },
    ],
  },
  faults: [{ id: 'bad', kind: 'bad-release', match: { image: BAD }, clusters: FAULTY_CLUSTERS, effect: 'crashloop' }],
};

const ring = (name, kind, selector, extra = {}) => ({
  name,
  kind,
  selector,
  maxParallel: 20_000,
  bakeMs: 0,
  failureBudget: { maxFailurePercent: 5 },
  gate: 'AUTO',
  analysis: {},
  ...extra,
});
const plan = {
  name: 'bench',
  autoRollback: true,
  rings: [
    ring('internal', 'INTERNAL', `cluster=${INTERNAL_CLUSTER}`, { failureBudget: { maxFailures: 0 } }),
    ring('region', 'REGION', 'region=ap'),
    ring('cohort', 'COHORT', 'cohort=early'),
    ring('all', 'ALL', ''),
  ],
};

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const verdict = (ok) => (ok ? 'met' : 'MISSED');
const log = (line) => console.log(line);

async function main() {
  const t0 = Date.now();
  const sim = await startFleetSimProcess(scenario);
  log(`fleet-sim: ${CLUSTERS} clusters, ${ENVIRONMENTS} environments in ${seconds(Date.now() - t0)} (child process)`);
  const testDb = DATABASE_URL ? await postgresTestDatabase(DATABASE_URL) : embeddedTestDatabase();
  const db = await openDatabase(testDb.config);
  const fleet = createClusterFleet({
    client: {
      rateLimit: { qps: QPS, burst: BURST },
      requestTimeoutMs: 30_000,
      retry: { maxAttempts: 4, initialDelayMs: 200, maxDelayMs: 5_000 },
    },
  });
  try {
    await applyPendingMigrations(db);
    const prisma = createPrismaClient(db);
    log(`database: ${db.description}`);
    const environments = await seed(prisma, sim);
    for (const c of await sim.clusters()) {
      fleet.registry.upsert({
        name: c.name,
        credentials: { kind: 'inline', kubeconfig: c.kubeconfig },
        labels: c.labels,
      });
    }
    const synced = Date.now();
    await Promise.all(clusters.map((c) => fleet.registry.get(c.name).watcher.waitForSync()));
    log(
      `watch caches of ${CLUSTERS} clusters synced in ${seconds(Date.now() - synced)}; rate limit ${QPS} requests/s per cluster`,
    );

    const store = new CountingTrainStore(prisma);
    const recorder = recordingDriver(fleet.driver);
    const reconciler = new TrainReconciler(
      store,
      new LeaseStore(prisma),
      new TimedTargetsReader(prisma),
      recorder.driver,
      new UnknownAttributor(),
      {
        instanceId: 'bench',
        leaseTtlMs: 600_000,
        idleRecheckMs: 60_000,
        decide: {
          maxTransientRetries: 0,
          retryBaseMs: 1_000,
          retryMaxMs: 1_000,
          pollIntervalMs: POLL_MS,
          // the per-cluster rate limit is the bound: every target of a ring may be rolled back at once
          maxParallelRollbacks: 20_000,
        },
      },
    );
    const run = (version) => runTrain({ prisma, sim, store, recorder, reconciler, environments, version });

    const clean = await run(GOOD);
    report('clean deploy', clean);
    const halted = await run(BAD);
    report('bad release, auto-rollback', halted);
    await prisma.$disconnect();
  } finally {
    await fleet.close();
    await db.close();
    await testDb.drop();
    await sim.close();
  }
}

/** Clusters, environments and components into the inventory, as discovery would write them. */
async function seed(prisma, sim) {
  const started = Date.now();
  const simEnvs = await sim.control('/environments');
  const clusterIds = new Map();
  for (const c of clusters) {
    const row = await prisma.cluster.create({ data: { name: c.name, region: c.region, labels: { region: c.region } } });
    clusterIds.set(c.name, row.id);
  }
  const region = new Map(clusters.map((c) => [c.name, c.region]));
  const environments = simEnvs.map((e) => ({
    id: randomUUID(),
    name: e.name,
    cluster: e.cluster,
    tenant: e.tenant,
    labels: {
      tenant: e.tenant,
      ...(e.cohort ? { cohort: e.cohort } : {}),
      cluster: e.cluster,
      region: region.get(e.cluster),
    },
    components: e.components.map((c) => c.name),
  }));
  const CHUNK = 5_000;
  for (let i = 0; i < environments.length; i += CHUNK) {
    const chunk = environments.slice(i, i + CHUNK);
    await prisma.environment.createMany({
      data: chunk.map((e) => ({
        id: e.id,
        name: e.name,
        clusterId: clusterIds.get(e.cluster),
        namespace: e.name,
        tenant: e.tenant,
        cohort: e.labels.cohort,
        labels: e.labels,
      })),
    });
    await prisma.component.createMany({
      data: chunk.flatMap((e) => e.components.map((c) => ({ environmentId: e.id, name: c, rolloutName: c }))),
    });
  }
  for (const version of [GOOD, BAD]) {
    await prisma.release.create({
      data: { version, components: { create: COMPONENTS.map((c) => ({ name: c, image: `cms/${c}:${version}` })) } },
    });
  }
  log(`inventory: ${environments.length} environments seeded in ${seconds(Date.now() - started)}`);
  return environments;
}

/** One train of `version` through the plan, passes run back to back whenever it is due; returns what was measured. */
async function runTrain({ prisma, sim, store, recorder, reconciler, environments, version }) {
  const ringPlan = await prisma.ringPlan.create({ data: { name: `bench-${version}` } });
  const release = await prisma.release.findUniqueOrThrow({ where: { version } });
  const built = newTrain({
    id: randomUUID(),
    releaseVersion: version,
    plan,
    environments: environments.map((e) => ({ name: e.name, cluster: e.cluster, tenant: e.tenant, labels: e.labels })),
    now: Date.now(),
  });
  const loaded = await store.create({
    state: built.state,
    events: built.events,
    releaseId: release.id,
    ringPlanId: ringPlan.id,
  });
  const started = await store.save(loaded, startTrain(loaded.state, Date.now()), Date.now());
  if (!started.ok) throw new Error('could not start the train');

  recorder.reset();
  store.targetWrites = 0;
  store.saves = 0;
  const requestsBefore = await sim.control('/requests');
  const meter = new PassMeter();
  const simCpuBefore = sim.cpuMs();
  const cpuBefore = process.cpuUsage();
  const begun = Date.now();
  // CPU of both processes once a second, to tell which one bounded a window (e.g. the halt's rollback)
  const cpuSamples = [];
  const sampleCpu = () => {
    const own = process.cpuUsage();
    cpuSamples.push({ at: Date.now(), engine: (own.user + own.system) / 1000, sim: sim.cpuMs() });
  };
  sampleCpu();
  const sampler = setInterval(sampleCpu, 1000);
  let status = 'RUNNING';
  let lastProgress = Date.now();
  let haltSavedAt;
  while (!['COMPLETED', 'ROLLED_BACK', 'CANCELLED'].includes(status)) {
    if (Date.now() - begun > RUN_TIMEOUT_MS)
      throw new Error(`train ${version} still ${status} after ${seconds(RUN_TIMEOUT_MS)}`);
    const pass = await meter.measure(store, () => reconciler.reconcile(built.state.id, Date.now()));
    if (pass.outcome !== 'done') throw new Error(`pass outcome ${pass.outcome}`);
    if (haltSavedAt === undefined && ['HALTED', 'ROLLING_BACK'].includes(pass.status))
      haltSavedAt = store.wallAfterSave;
    if (pass.status !== status) log(`  ${seconds(Date.now() - begun)}: ${pass.status}`);
    if (TRACE) {
      const m = meter.passes[meter.passes.length - 1];
      log(
        `    pass ended ${seconds(Date.now() - begun)}: wall ${m.wallMs} ms (${m.wallToSave} ms to the save; CPU ${m.toSave.toFixed(0)} ms to the save [read ${m.phases.read.toFixed(0)}, observe ${m.phases.observe.toFixed(0)}, save ${m.phases.save.toFixed(0)}], ${m.apply.toFixed(0)} ms applying), ${pass.actions} actions, ${pass.status}`,
      );
    }
    if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      const counts = await prisma.target.groupBy({ by: ['status'], where: { trainId: built.state.id }, _count: true });
      log(
        `  ${seconds(Date.now() - begun)}: ${pass.status}, ${pass.actions} actions in the last pass; ${counts.map((c) => `${c.status} ${c._count}`).join(', ')}`,
      );
    }
    status = pass.status;
    const wait = pass.nextReconcileAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, POLL_MS)));
  }
  const elapsedMs = Date.now() - begun;
  clearInterval(sampler);
  sampleCpu();
  const ownCpu = process.cpuUsage(cpuBefore);
  const cpuShare = {
    engine: (ownCpu.user + ownCpu.system) / 1000 / elapsedMs,
    sim: (sim.cpuMs() - simCpuBefore) / elapsedMs,
  };
  const requestsAfter = await sim.control('/requests');
  const requests = Object.fromEntries(
    Object.keys(requestsAfter).map((v) => [v, requestsAfter[v] - (requestsBefore[v] ?? 0)]),
  );
  const halt = await prisma.event.findFirst({ where: { trainId: built.state.id, type: 'TRAIN_HALTED' } });
  const targets = await prisma.target.groupBy({ by: ['status'], where: { trainId: built.state.id }, _count: true });
  return {
    status,
    elapsedMs,
    targets: built.state.targets.length,
    byStatus: Object.fromEntries(targets.map((t) => [t.status, t._count])),
    meter,
    requests,
    targetWrites: store.targetWrites,
    saves: store.saves,
    calls: { ...recorder.calls },
    slowest: { ...recorder.slowest },
    rollbackAnsweredAt: [...(recorder.answeredAt.rollback ?? [])],
    failures: JSON.parse(JSON.stringify(recorder.failures)),
    haltAt: halt?.occurredAt.getTime(),
    haltSavedAt,
    // re-issued reverts that find the target already reverted answer `noop` and write nothing: not counted
    cpuShare,
    cpuSamples,
    firstRollbackAt: recorder.firstAppliedAt.rollback,
    firstSafetyCheckAt: recorder.firstAnsweredAt.checkRollbackSafety,
    lastRollbackAt: recorder.lastAppliedAt.rollback,
    lastRollbackCallAt: recorder.lastAnsweredAt.rollback,
    // the Rollouts the busiest cluster had to revert: at QPS writes a second, no rollback can be issued faster
    // (the first burst of them go at once: the limiter starts full)
    rollbackFloorMs:
      (Math.max(0, Math.max(0, ...Object.values(recorder.rolloutsByCluster.rollback ?? {})) - BURST) / QPS) * 1000,
  };
}

function report(name, r) {
  const passes = r.meter.passes;
  const p = (key, q) =>
    percentile(
      passes.map((x) => x[key]),
      q,
    ).toFixed(0);
  const perTarget = (n) => (n / r.targets).toFixed(2);
  log(`\n--- ${name}: ${r.status} after ${seconds(r.elapsedMs)}, ${r.targets} targets ${JSON.stringify(r.byStatus)}`);
  // the target is the pass itself over the 20,000 targets (observe, decide, save); a pass that also issues thousands
  // of writes adds their cost per request, reported on its own below
  const steady = passes.filter((x) => x.report.actions === 0).map((x) => x.total);
  const steadyP95 = percentile(steady, 0.95);
  log(
    `CPU per pass with nothing to apply (${steady.length} passes: observe, decide, save over the ring's targets): ` +
      `p50 ${percentile(steady, 0.5).toFixed(0)} ms, p95 ${steadyP95.toFixed(0)} ms, max ${percentile(steady, 1).toFixed(0)} ms ` +
      `[target < ${TARGETS.passCpuMs} ms: ${verdict(steadyP95 < TARGETS.passCpuMs)}]`,
  );
  log(
    `  every pass (${passes.length}): whole pass p50 ${p('total', 0.5)} ms, p95 ${p('total', 0.95)} ms, max ${p('total', 1)} ms; ` +
      `up to the save (read, observe, decide, save) p50 ${p('toSave', 0.5)} ms, p95 ${p('toSave', 0.95)} ms, max ${p('toSave', 1)} ms; wall p50 ${p('wallMs', 0.5)} ms, max ${p('wallMs', 1)} ms`,
  );
  const applyCpu = passes.reduce((sum, x) => sum + x.apply, 0);
  const kubeWrites = Object.entries(r.requests)
    .filter(([v]) => v !== 'list' && v !== 'get' && v !== 'watch')
    .reduce((sum, [, n]) => sum + n, 0);
  if (kubeWrites > 0)
    log(
      `  applying actions: ${(applyCpu / 1000).toFixed(1)} s CPU in all, ${((applyCpu * 1000) / kubeWrites).toFixed(0)} µs per Kubernetes write (watch events of the changes included)`,
    );
  log(
    `CPU over the run, in cores: engine ${r.cpuShare.engine.toFixed(2)}, fleet-sim ${r.cpuShare.sim.toFixed(2)} (of ${availableParallelism()})`,
  );
  log(`memory: peak RSS ${(r.meter.peakRss / MB).toFixed(0)} MB, peak heap ${(r.meter.peakHeap / MB).toFixed(0)} MB`);
  const k8s = Object.values(r.requests).reduce((a, b) => a + b, 0);
  log(
    `Kubernetes requests per target: ${perTarget(k8s)} (${Object.entries(r.requests)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${v} ${perTarget(n)}`)
      .join(', ')})`,
  );
  log(`driver calls: ${JSON.stringify(r.calls)}`);
  log(
    `  longest call by method (ms): ${JSON.stringify(r.slowest)}; answered with an error: ${JSON.stringify(r.failures)}`,
  );
  const writes = r.targetWrites / r.targets;
  log(
    `target row writes per target: ${writes.toFixed(2)} in ${r.saves} saves` +
      (r.haltAt === undefined
        ? ` [target ≤ ${TARGETS.writesPerTarget} on a clean deploy: ${verdict(writes <= TARGETS.writesPerTarget)}]`
        : ''),
  );
  if (r.haltAt !== undefined) {
    const after = r.lastRollbackAt === undefined ? undefined : r.lastRollbackAt - r.haltAt;
    log(
      `halt decision to the last rollback write answered: ${after === undefined ? 'no rollback written' : seconds(after)} ` +
        `(${r.calls.rollback ?? 0} rollbacks, ${r.calls.checkRollbackSafety ?? 0} safety checks) ` +
        `[target ≤ ${seconds(TARGETS.rollbackWithinMs)}: ${verdict(after !== undefined && after <= TARGETS.rollbackWithinMs)}]`,
    );
    if (r.lastRollbackAt !== undefined) {
      const w = coresBetween(r.cpuSamples, r.haltAt, r.lastRollbackAt);
      if (w) log(`  CPU from the halt to the last rollback write, in cores: engine ${w.engine}, fleet-sim ${w.sim}`);
    }
    if (r.firstRollbackAt !== undefined)
      log(
        `  the first rollback write answered: ${seconds(r.firstRollbackAt - r.haltAt)} after the halt decision ` +
          `(the first safety check: ${seconds(r.firstSafetyCheckAt - r.haltAt)}; the halt pass saved at ${seconds(r.haltSavedAt - r.haltAt)})`,
      );
    const lastCall = r.lastRollbackCallAt === undefined ? undefined : r.lastRollbackCallAt - r.haltAt;
    if (lastCall !== undefined)
      log(`  the last rollback call answered (a noop re-issue included): ${seconds(lastCall)}`);
    if (r.rollbackAnsweredAt.length > 0) {
      const after = r.rollbackAnsweredAt.map((t) => t - r.haltAt);
      log(
        `  rollback calls answered after the halt: ${[0.25, 0.5, 0.75, 0.9, 0.99, 1].map((q) => `p${q * 100} ${seconds(percentile(after, q))}`).join(', ')}`,
      );
    }
    log(
      `  floor: ${seconds(r.rollbackFloorMs)} (the busiest cluster's Rollouts to revert, one write each, at ${QPS} requests/s after a burst of ${BURST})`,
    );
  }
}

/** Cores each process used between two times, from the once-a-second samples around them. */
function coresBetween(samples, from, to) {
  const first = [...samples].reverse().find((x) => x.at <= from) ?? samples[0];
  const last = samples.find((x) => x.at >= to) ?? samples[samples.length - 1];
  const wall = last.at - first.at;
  if (wall <= 0) return undefined;
  return { engine: ((last.engine - first.engine) / wall).toFixed(2), sim: ((last.sim - first.sim) / wall).toFixed(2) };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
