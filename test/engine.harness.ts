import { createClusterFleet, type ClusterFleet } from '@ringmaster/clusters';
import {
  newTrain,
  startTrain,
  type DecideOptions,
  type FreezeWindow,
  type RingPlan,
  type TrainState,
} from '@ringmaster/domain';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import {
  applyPendingMigrations,
  createPrismaClient,
  LeaseStore,
  openDatabase,
  TrainStore,
  type DatabaseHandle,
  type Prisma,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { AttributionRepository } from '../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../apps/ringmaster/src/attribution/attribution.signals.js';
import { ReleaseAttributor } from '../apps/ringmaster/src/attribution/release.attributor.js';
import type { RingBakeObserver } from '../apps/ringmaster/src/engine/bake.telemetry.js';
import type { TargetAttributor } from '../apps/ringmaster/src/engine/target-attributor.js';
import { TrainPlanReader } from '../apps/ringmaster/src/engine/train-plan.reader.js';
import { TrainTargetsReader } from '../apps/ringmaster/src/engine/train-targets.reader.js';
import { TrainReconciler } from '../apps/ringmaster/src/engine/train.reconciler.js';
import { EnvironmentSync } from '../apps/ringmaster/src/inventory/environment.sync.js';

/** Decide options for fast scenarios: 100 ms polls, one transient retry after 1 s. */
export const FAST_DECIDE: DecideOptions = {
  maxTransientRetries: 1,
  retryBaseMs: 1_000,
  retryMaxMs: 2_000,
  pollIntervalMs: 100,
  maxParallelRollbacks: 10,
};

export interface EngineHarnessOptions {
  scenario: FleetScenario;
  database: () => Promise<TestDatabase> | TestDatabase;
  /** versions to create releases for (images `cms/<component>:<version>`) */
  releases: string[];
  components: string[];
  /** the clusters' Prometheus, when a test runs one (it needs the started fleet's metrics URLs) */
  prometheusFor?: (sim: FleetSim) => Promise<string>;
}

/**
 * The engine end to end for tests: a database, fleet-sim, a cluster fleet over it, environments discovered by the
 * inventory's EnvironmentSync (labels from the scenario's `labels`), releases, and reconcilers built like the
 * service builds them (ReleaseAttributor, stored attributions, the live plan's freeze windows).
 */
export class EngineHarness {
  prisma!: PrismaClient;
  sim!: FleetSim;
  fleet!: ClusterFleet;
  store!: TrainStore;
  sync!: EnvironmentSync;
  attributions!: AttributionRepository;
  attributor!: ReleaseAttributor;
  prometheusUrl?: string;
  private testDb!: TestDatabase;
  private db!: DatabaseHandle;
  private seq = 0;

  constructor(private readonly options: EngineHarnessOptions) {}

  async start(): Promise<this> {
    this.testDb = await this.options.database();
    this.db = await openDatabase(this.testDb.config);
    await applyPendingMigrations(this.db);
    this.prisma = createPrismaClient(this.db);
    this.sim = await startFleetSim({ scenario: this.options.scenario });
    this.prometheusUrl = await this.options.prometheusFor?.(this.sim);
    this.fleet = createClusterFleet({
      client: {
        rateLimit: { qps: 200, burst: 200 },
        requestTimeoutMs: 2_000,
        retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
      },
      watchBackoff: { initialMs: 50, maxMs: 500 },
    });
    for (const c of this.sim.clusters) {
      this.fleet.registry.upsert({
        name: c.name,
        credentials: { kind: 'inline', kubeconfig: c.kubeconfig },
        labels: c.labels,
      });
      await this.prisma.cluster.create({
        data: { name: c.name, region: c.region, labels: c.labels, prometheusUrl: this.prometheusUrl },
      });
    }
    await Promise.all(this.sim.clusters.map((c) => this.fleet.registry.get(c.name)!.watcher!.waitForSync()));
    this.sync = new EnvironmentSync(
      this.prisma,
      () => this.fleet.registry,
      () => new Date(),
    );
    await this.discover();
    for (const version of this.options.releases) {
      await this.prisma.release.create({
        data: {
          version,
          components: {
            create: this.options.components.map((c) => ({ name: c, image: `cms/${c}:${version}` })),
          },
        },
      });
    }
    this.store = new TrainStore(this.prisma);
    this.attributions = new AttributionRepository(this.prisma);
    this.attributor = new ReleaseAttributor(new AttributionSignals(this.prisma), this.attributions);
    return this;
  }

  /** Runs the inventory's discovery of every cluster (environments, customer revision changes). */
  async discover(): Promise<void> {
    for (const c of this.sim.clusters) {
      const result = await this.sync.syncCluster(c.name);
      if (!result.ok) throw new Error(`discovery of ${c.name} failed: ${result.message}`);
    }
  }

  /** A reconciler as the service builds one; `attributor` defaults to the real ReleaseAttributor. */
  reconciler(
    opts: { instanceId?: string; attributor?: TargetAttributor; bake?: RingBakeObserver; leaseTtlMs?: number } = {},
  ): TrainReconciler {
    return new TrainReconciler(
      this.store,
      new LeaseStore(this.prisma),
      new TrainTargetsReader(this.prisma),
      this.fleet.driver,
      opts.attributor ?? this.attributor,
      {
        instanceId: opts.instanceId ?? 'replica-1',
        leaseTtlMs: opts.leaseTtlMs ?? 10_000,
        idleRecheckMs: 1_000,
        bakeObserveIntervalMs: 1_000,
        decide: FAST_DECIDE,
      },
      { bake: opts.bake, attributions: this.attributions, plans: new TrainPlanReader(this.prisma) },
    );
  }

  /**
   * Creates and starts a train of `version` over the discovered environments the plan's rings select (the others
   * are left out), with a RingPlan row holding `freezeWindows` — or, given `ringPlan`, on that stored plan (one
   * upserted through the API). Returns its id.
   */
  async startTrain(
    version: string,
    plan: Omit<RingPlan, 'name'>,
    opts: { freezeWindows?: FreezeWindow[]; now?: number; ringPlan?: string } = {},
  ): Promise<string> {
    const now = opts.now ?? Date.now();
    const name = opts.ringPlan ?? `plan-${version}-${++this.seq}`;
    const ringPlan = opts.ringPlan
      ? await this.prisma.ringPlan.findUniqueOrThrow({ where: { name } })
      : await this.prisma.ringPlan.create({
          data: { name, freezeWindows: (opts.freezeWindows ?? []) as unknown as Prisma.InputJsonValue },
        });
    const release = await this.prisma.release.findUniqueOrThrow({ where: { version } });
    const envs = await this.prisma.environment.findMany({ where: { goneAt: null }, include: { cluster: true } });
    const built = newTrain({
      id: crypto.randomUUID(),
      releaseVersion: version,
      plan: { ...plan, name },
      environments: envs.map((e) => ({
        name: e.name,
        cluster: e.cluster.name,
        tenant: e.tenant ?? undefined,
        labels: e.labels as Record<string, string>,
      })),
      now,
    });
    const loaded = await this.store.create({
      state: built.state,
      events: built.events,
      releaseId: release.id,
      ringPlanId: ringPlan.id,
    });
    const started = await this.store.save(loaded, startTrain(loaded.state, now), now);
    if (!started.ok) throw new Error('the train could not be started');
    return built.state.id;
  }

  /** Runs passes, as the loop would when due, until `done` holds for the stored state. */
  async driveUntil(
    reconciler: TrainReconciler,
    id: string,
    done: (s: TrainState) => boolean,
    opts: { clock?: () => number; timeoutMs?: number } = {},
  ): Promise<TrainState> {
    const clock = opts.clock ?? Date.now;
    const deadline = Date.now() + (opts.timeoutMs ?? 40_000);
    for (;;) {
      const loaded = (await this.store.load(id))!;
      if (done(loaded.state)) return loaded.state;
      if (Date.now() > deadline) {
        throw new Error(
          `train is ${loaded.state.status}: ${JSON.stringify(loaded.state.rings)} ${JSON.stringify(loaded.state.targets)}`,
        );
      }
      if (loaded.nextReconcileAt <= clock()) await reconciler.reconcile(id, clock());
      else await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The train's events, oldest first. */
  events(trainId: string) {
    return this.prisma.event.findMany({ where: { trainId }, orderBy: { seq: 'asc' } });
  }

  async close(): Promise<void> {
    this.sync?.stop();
    await this.fleet?.close();
    await this.sim?.close();
    await this.prisma?.$disconnect();
    await this.db?.close();
    await this.testDb?.drop();
  }
}
