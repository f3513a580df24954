import { createClusterFleet, type ClusterFleet } from '@ringmaster/clusters';
import { newTrain, startTrain, type RingPlan, type TrainState } from '@ringmaster/domain';
import { LeaseStore, TrainStore, type PrismaClient } from '@ringmaster/persistence';
import { AttributionRepository } from '../../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../../apps/ringmaster/src/attribution/attribution.signals.js';
import { PrometheusBaselineProbe } from '../../apps/ringmaster/src/attribution/baseline.probe.js';
import { ReleaseAttributor } from '../../apps/ringmaster/src/attribution/release.attributor.js';
import { DriverStableRoleProbe } from '../../apps/ringmaster/src/attribution/stable-role.probe.js';
import { TrainPlanReader } from '../../apps/ringmaster/src/engine/train-plan.reader.js';
import { TrainTargetsReader } from '../../apps/ringmaster/src/engine/train-targets.reader.js';
import { FailureDiagnosingDriver } from '../../apps/ringmaster/src/engine/failure-diagnosis.driver.js';
import { DEFAULT_RECONCILER_OPTIONS, TrainReconciler } from '../../apps/ringmaster/src/engine/train.reconciler.js';
import { BakeObserver } from '../../apps/ringmaster/src/telemetry/bake.observer.js';
import type { BakeReport } from '../../apps/ringmaster/src/telemetry/bake.types.js';
import { BAKE_MS, WARM_UP_MS } from './corpus.runner.js';
import type { Outcome } from './corpus.score.js';
import type { CorpusScenario } from './corpus.types.js';
import { componentsOf } from './support/fleet.probe.js';
import { revisionChangedAt, startScenarioFleet } from './support/scenario.fleet.js';

/** What a train did with one scenario, beyond each target's verdict. */
export interface TrainRun {
  scenario: string;
  /** environments the train deployed to; only those are scored */
  outcomes: Outcome[];
  finalStatus: TrainState['status'];
  /** ms from the train's first deploy (first exposure to the release) to the halt; absent when it did not halt */
  haltAfterMs?: number;
  /** targets deployed at the halt (or at the end) over all targets */
  exposedShare: number;
  /** environments the train deployed to */
  exposed: string[];
  /** environments the rollback reported ROLLBACK_UNSAFE */
  rollbackUnsafe: string[];
  /** the train did not reach a final status in time */
  timedOut: boolean;
}

/** Early ring: one environment per cluster (three tenants, three clusters); then everyone else. */
const EARLY = new Set(['acme-prod', 'globex-prod', 'initech-prod']);
const TRAIN_TIMEOUT_MS = Number(process.env.CORPUS_TRAIN_TIMEOUT_MS ?? 60_000);
const PASS_IDLE_MS = 50;
const HALTED: ReadonlySet<TrainState['status']> = new Set(['HALTED', 'ROLLING_BACK', 'ROLLED_BACK']);
const FINAL: ReadonlySet<TrainState['status']> = new Set(['COMPLETED', 'ROLLED_BACK', 'CANCELLED']);

function plan(bakeMs: number): RingPlan {
  const analysis = {};
  return {
    name: 'corpus',
    autoRollback: true,
    rings: [
      {
        name: 'early',
        kind: 'COHORT',
        selector: 'ring=early',
        maxParallel: 3,
        bakeMs,
        failureBudget: { maxFailures: 0 },
        gate: 'AUTO',
        analysis,
      },
      {
        name: 'rest',
        kind: 'ALL',
        selector: '',
        maxParallel: 3,
        bakeMs,
        failureBudget: { maxFailurePercent: 34 },
        gate: 'AUTO',
        analysis,
      },
    ],
  };
}

/**
 * The engine mode: a real train through TrainReconciler — the Argo Rollouts driver over fleet-sim, bake telemetry
 * from a real Prometheus, the ReleaseAttributor, auto-rollback — over two rings (`early`: acme, globex, initech, one
 * per cluster, no failure allowed; `rest`: the other three, one failure allowed). Passes run as the service's loop
 * would (whenever one is due). Rows are named `<prefix>-…` so scenarios share the database.
 *
 * The inventory is not running: a customer-code fault's revision change is recorded as a CustomerRevisionChange at
 * the moment fleet-sim makes it, as the inventory's watch would.
 */
export async function runTrain(scenario: CorpusScenario, prisma: PrismaClient, prefix: string): Promise<TrainRun> {
  const running = await startScenarioFleet(scenario, WARM_UP_MS);
  const { sim, prom, t0 } = running;
  const named = (name: string) => `${prefix}-${name}`;
  let fleet: ClusterFleet | undefined;
  const timers: NodeJS.Timeout[] = [];
  const pending: Promise<void>[] = [];
  try {
    fleet = createClusterFleet({
      client: {
        rateLimit: { qps: 100, burst: 100 },
        requestTimeoutMs: 2_000,
        retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
      },
      watchBackoff: { initialMs: 50, maxMs: 500 },
    });
    for (const c of sim.clusters) {
      fleet.registry.upsert({
        name: named(c.name),
        credentials: { kind: 'inline', kubeconfig: c.kubeconfig },
        labels: c.labels,
      });
      await prisma.cluster.create({
        data: { name: named(c.name), region: c.labels.region ?? c.name, prometheusUrl: prom.url },
      });
    }
    await Promise.all(sim.clusters.map((c) => fleet!.registry.get(named(c.name))!.watcher?.waitForSync()));
    const clusterIds = new Map((await prisma.cluster.findMany()).map((c) => [c.name, c.id]));
    const envs = sim.environments().filter((e) => scenario.targets.includes(e.name));
    const envIds = new Map<string, string>();
    for (const e of envs) {
      const row = await prisma.environment.create({
        data: {
          name: named(e.name),
          clusterId: clusterIds.get(named(e.cluster))!,
          namespace: e.name,
          tenant: e.tenant,
          labels: { ring: EARLY.has(e.name) ? 'early' : 'rest' },
          components: { create: componentsOf(sim, e.name).map((c) => ({ name: c, rolloutName: c })) },
        },
      });
      envIds.set(e.name, row.id);
      const changedAt = revisionChangedAt(scenario, t0, e.name);
      if (changedAt) {
        // a PrismaPromise runs only once awaited (or then-ed): `void record()` alone would never write the row
        const record = async () => {
          await prisma.customerRevisionChange.create({
            data: { environmentId: row.id, revision: 'r2', observedAt: changedAt },
          });
        };
        const wait = changedAt.getTime() - Date.now();
        if (wait <= 0) await record();
        else
          timers.push(
            setTimeout(() => {
              const recorded = record().catch((error: unknown) => {
                process.stderr.write(`${scenario.name}: customer revision change not recorded: ${String(error)}\n`);
              });
              pending.push(recorded);
            }, wait),
          );
      }
    }
    const version = named(scenario.release);
    const components = [...new Set(envs.flatMap((e) => componentsOf(sim, e.name)))];
    const release = await prisma.release.create({
      data: {
        version,
        components: { create: components.map((c) => ({ name: c, image: `cms/${c}:${scenario.release}` })) },
      },
    });
    const ringPlan = await prisma.ringPlan.create({ data: { name: named('corpus') } });
    const store = new TrainStore(prisma);
    const attributions = new AttributionRepository(prisma);
    // the latest bake report, so a target the train never failed shows what its telemetry said
    const observer = new BakeObserver({ minWindowSeconds: Math.ceil(BAKE_MS / 1000) });
    let lastBake: BakeReport | undefined;
    const reconciler = new TrainReconciler(
      store,
      new LeaseStore(prisma),
      new TrainTargetsReader(prisma),
      new FailureDiagnosingDriver(fleet.driver),
      new ReleaseAttributor(
        new AttributionSignals(
          prisma,
          new PrometheusBaselineProbe({ window: `${Math.ceil(BAKE_MS / 1000)}s` }),
          new DriverStableRoleProbe(fleet.driver),
        ),
        attributions,
      ),
      {
        ...DEFAULT_RECONCILER_OPTIONS,
        instanceId: named('replica'),
        leaseTtlMs: 30_000,
        idleRecheckMs: 1_000,
        bakeObserveIntervalMs: 1_000,
        decide: {
          maxTransientRetries: 2,
          retryBaseMs: 1_000,
          retryMaxMs: 4_000,
          pollIntervalMs: 250,
          maxParallelRollbacks: 10,
        },
      },
      {
        bake: { observe: async (ring, now) => (lastBake = await observer.observe(ring, now)) },
        attributions,
        plans: new TrainPlanReader(prisma),
      },
    );

    await new Promise((resolve) => setTimeout(resolve, scenario.deployAfterMs ?? 0));
    const built = newTrain({
      id: crypto.randomUUID(),
      releaseVersion: version,
      plan: plan(BAKE_MS),
      environments: envs.map((e) => ({
        name: named(e.name),
        cluster: named(e.cluster),
        tenant: e.tenant,
        labels: { ring: EARLY.has(e.name) ? 'early' : 'rest' },
      })),
      now: Date.now(),
    });
    const loaded = await store.create({
      state: built.state,
      events: built.events,
      releaseId: release.id,
      ringPlanId: ringPlan.id,
    });
    const started = await store.save(loaded, startTrain(loaded.state, Date.now()), Date.now());
    if (!started.ok) throw new Error(`${scenario.name}: the train could not start`);

    // drive passes as the loop would, noting when each target was first deployed and when the train halted
    const id = built.state.id;
    const firstDeployedAt = new Map<string, number>();
    let haltedAt: number | undefined;
    let lastPassAt = Date.now();
    let state = loaded.state;
    const deadline = Date.now() + TRAIN_TIMEOUT_MS;
    while (!FINAL.has(state.status) && !(state.status === 'HALTED' && !state.autoRollback) && Date.now() < deadline) {
      const current = (await store.load(id))!;
      state = current.state;
      // exposed from the pass that issued its first deploy (the domain stamps deployedAt only once it is healthy)
      for (const t of state.targets) {
        if (t.attempts > 0 && !firstDeployedAt.has(t.environment)) firstDeployedAt.set(t.environment, lastPassAt);
      }
      if (haltedAt === undefined && HALTED.has(state.status)) haltedAt = Date.now();
      if (current.nextReconcileAt <= Date.now()) {
        lastPassAt = Date.now();
        await reconciler.reconcile(id, lastPassAt);
      } else await new Promise((resolve) => setTimeout(resolve, PASS_IDLE_MS));
    }
    const timedOut = !FINAL.has(state.status);
    const haltEvent = await prisma.event.findFirst({
      where: { trainId: id, type: 'TRAIN_HALTED' },
      orderBy: { seq: 'asc' },
    });
    const halt = haltEvent?.occurredAt.getTime() ?? haltedAt;
    const firstExposure = Math.min(...firstDeployedAt.values());
    const exposedBy = halt ?? Date.now();
    const exposed = [...firstDeployedAt.values()].filter((at) => at <= exposedBy).length;

    const latest = new Map<string, { cause: Outcome['actual']; signature?: string; evidence: string[] }>();
    for (const row of await attributions.listForTrain(id)) {
      latest.set(row.environment, {
        cause: row.cause,
        signature: row.signature ?? undefined,
        evidence: row.evidence,
      });
    }
    const outcomes: Outcome[] = [];
    for (const e of envs) {
      if (!firstDeployedAt.has(named(e.name))) continue; // never exposed: nothing to judge
      const verdict = latest.get(named(e.name));
      const target = state.targets.find((t) => t.environment === named(e.name));
      const expected = scenario.expected[e.name] ?? 'NO_FAILURE';
      const neverFailed = !verdict && target?.failedAt === undefined && target?.cause === undefined;
      outcomes.push({
        scenario: scenario.name,
        environment: e.name,
        expected,
        actual: verdict?.cause ?? 'NO_FAILURE',
        absorbed: expected === 'TRANSIENT' && neverFailed && halt === undefined,
        signature: verdict?.signature,
        evidence: verdict?.evidence ?? [
          `no Attribution row; target ${target?.status}, cause ${target?.cause ?? 'none'}, ` +
            `failure ${target?.failureSignature ?? 'none'}${target?.message ? `: ${target.message}` : ''}`,
          ...bakeEvidence(lastBake, named(e.name)),
        ],
      });
    }
    return {
      scenario: scenario.name,
      outcomes,
      finalStatus: state.status,
      haltAfterMs: halt !== undefined && Number.isFinite(firstExposure) ? halt - firstExposure : undefined,
      exposedShare: envs.length === 0 ? 0 : exposed / envs.length,
      exposed: [...firstDeployedAt.keys()].map((name) => name.slice(prefix.length + 1)),
      rollbackUnsafe: state.targets
        .filter((t) => t.status === 'ROLLBACK_UNSAFE')
        .map((t) => t.environment.slice(prefix.length + 1)),
      timedOut,
    };
  } finally {
    timers.forEach((t) => clearTimeout(t));
    await Promise.all(pending);
    await fleet?.close();
    await running.stop();
  }
}

/** What the latest bake report said about one environment's components (when it was in the ring looked at). */
function bakeEvidence(report: BakeReport | undefined, environment: string): string[] {
  if (!report) return [];
  if (report.tooEarly) return [`last bake look (ring ${report.ring}): too early to judge`];
  return report.verdicts
    .filter((v) => v.target.startsWith(`${environment}/`))
    .map((v) => `last bake look (ring ${report.ring}): ${v.verdict.status}: ${v.verdict.reasons.join('; ')}`);
}
