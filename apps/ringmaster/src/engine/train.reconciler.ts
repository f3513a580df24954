import type { ComponentImages, EnvironmentTarget, RolloutDriver } from '@ringmaster/clusters';
import {
  decide,
  type Action,
  type AttributionResult,
  DEFAULT_DECIDE_OPTIONS,
  type DecideOptions,
  type Observations,
  type TargetObservation,
  type TrainState,
} from '@ringmaster/domain';
import { LeaseStore, type LoadedTrain, type TrainStore } from '@ringmaster/persistence';
import { ActionApplier, type ActionAnswers } from './action.applier.js';
import { mergeAttributions, type DurableAttributions } from './answers.merge.js';
import { bakeRingSignals, bakingRingOf, withBakeFailures } from './bake.observations.js';
import {
  BakeTelemetry,
  DEFAULT_BAKE_OBSERVE_INTERVAL_MS,
  NO_BAKE_TELEMETRY,
  type RingBakeObserver,
} from './bake.telemetry.js';
import { frozenAt } from './freeze.observation.js';
import { mapObservation } from './observation.mapper.js';
import type { TargetAttributor } from './target-attributor.js';
import type { TrainPlanContext, TrainPlanSource } from './train-plan.reader.js';
import type { TrainTargets, TrainTargetsReader } from './train-targets.reader.js';
import { targetsToObserve } from './targets-to-observe.js';

// Building one from a test (see test/engine.observe.e2e-spec.ts):
//   new TrainReconciler(new TrainStore(prisma), new LeaseStore(prisma), new TrainTargetsReader(prisma),
//     fleet.driver, attributor, { ...DEFAULT_RECONCILER_OPTIONS, instanceId: 'r1', decide: {...} },
//     { bake: new BakeObserver({ minWindowSeconds: 5 }), attributions: new AttributionRepository(prisma),
//       plans: new TrainPlanReader(prisma) })
// Leave out the last argument (or any of its parts) for time-only bakes, in-memory answers and no freeze windows.

/** Tunables of a reconcile pass. */
export interface ReconcilerOptions {
  /** this replica's name in leases */
  instanceId: string;
  /** how long a lease lasts without renewal */
  leaseTtlMs: number;
  /** when decide asks for no look again, look anyway after this long */
  idleRecheckMs: number;
  /** least time between two bake-telemetry looks at one train's ring (default 5 s) */
  bakeObserveIntervalMs?: number;
  decide: DecideOptions;
}

/** Where a pass looks beyond the clusters; each part is optional. */
export interface PassSources {
  /** bake telemetry (the BakeObserver over each cluster's Prometheus); without it rings bake by time only */
  bake?: RingBakeObserver;
  /** stored attributions (AttributionRepository): answers that survive a restart, and overrides */
  attributions?: DurableAttributions;
  /** the live ring plan's freeze windows and PromQL overrides (TrainPlanReader) */
  plans?: TrainPlanSource;
}

export const DEFAULT_RECONCILER_OPTIONS: Omit<ReconcilerOptions, 'instanceId'> = {
  leaseTtlMs: 30_000,
  idleRecheckMs: 60_000,
  bakeObserveIntervalMs: DEFAULT_BAKE_OBSERVE_INTERVAL_MS,
  decide: DEFAULT_DECIDE_OPTIONS,
};

/** What one pass did, as data. */
export type PassReport =
  | { outcome: 'missing' | 'not-leased' | 'stale' }
  | {
      outcome: 'done';
      status: TrainState['status'];
      observed: number;
      actions: number;
      failedActions: number;
      events: number;
      nextReconcileAt: number;
    };

/**
 * One reconcile pass of one train: take (or renew) its lease, load it (or take it as this replica saved it), observe the current ring's (or the rolled
 * back rings') targets through the driver and, while the ring bakes, its telemetry; merge the stored attributions
 * (overrides included) with this replica's answers; apply the plan's freeze windows at `now`; decide; save state
 * and events in one transaction, then apply the actions. Rollback-safety answers are kept in memory only until the
 * next pass, which acts on them and so stores them as the targets' state (REVERTING, ROLLBACK_UNSAFE); only a
 * restart between the two asks again (a few shared list reads, see ReplicaSetSnapshots). Safe to run at any time: a
 * stale save writes nothing and applies nothing.
 */
export class TrainReconciler {
  private readonly answers = new Map<string, ActionAnswers>();
  /**
   * Each train as this replica last saved it. The next pass decides on it without loading 20,000 target rows again:
   * every write to a train goes through TrainStore and bumps its revision, and a save succeeds only at the revision
   * it was decided on, so a kept train that is behind fails its save (nothing is applied) and is loaded again.
   */
  private readonly saved = new Map<string, LoadedTrain>();
  private readonly applier: ActionApplier;
  private readonly bake: BakeTelemetry;

  constructor(
    private readonly store: TrainStore,
    private readonly leases: LeaseStore,
    private readonly reader: TrainTargetsReader,
    private readonly driver: RolloutDriver,
    attributor: TargetAttributor,
    private readonly options: ReconcilerOptions,
    private readonly sources: PassSources = {},
  ) {
    this.applier = new ActionApplier(driver, attributor);
    this.bake = new BakeTelemetry(
      sources.bake ?? NO_BAKE_TELEMETRY,
      options.bakeObserveIntervalMs ?? DEFAULT_BAKE_OBSERVE_INTERVAL_MS,
    );
  }

  /** The latest bake-observer error (a rejection counts as metrics unreachable), for diagnosis. */
  get lastBakeError(): unknown {
    return this.bake.lastError;
  }

  async reconcile(trainId: string, now: number): Promise<PassReport> {
    const lease = LeaseStore.trainLease(trainId);
    if (!(await this.leases.acquire(lease, this.options.instanceId, now, this.options.leaseTtlMs))) {
      this.saved.delete(trainId);
      return { outcome: 'not-leased' };
    }
    const kept = this.saved.get(trainId);
    if (kept) {
      const report = await this.pass(kept, lease, now);
      if (report.outcome !== 'stale') return report;
      // someone else wrote the train since (a command, another replica): nothing was applied; load and decide again
    }
    const loaded = await this.store.load(trainId);
    if (!loaded) {
      await this.leases.release(lease, this.options.instanceId);
      return { outcome: 'missing' };
    }
    return this.pass(loaded, lease, now);
  }

  /** Observes, decides, saves and applies for `loaded`; 'stale' (nothing applied) when its revision is behind. */
  private async pass(loaded: LoadedTrain, lease: string, now: number): Promise<PassReport> {
    const state = loaded.state;
    const trainId = state.id;
    const names = targetsToObserve(state);
    const [firstRead, plan] = await Promise.all([
      this.reader.read(state.releaseVersion, names),
      movesForward(state) && this.sources.plans ? this.sources.plans.read(trainId) : undefined,
    ]);
    let read = firstRead;
    let observations = await this.observe(state, names, read, plan, now);
    let decision = decide(state, observations, now, this.options.decide);
    const unseen = unobservedFirstDeploys(decision.actions, observations);
    if (unseen.length > 0) {
      // decide entered a ring (or started the train) and deploys targets this pass has not observed: what they run
      // before the first write is what a rollback restores, so observe them and decide again (decide is pure: the
      // same state with more observations)
      read = withTargetsOf(read, await this.reader.read(state.releaseVersion, unseen));
      const seen = await this.observeTargets(state, unseen, read);
      observations = {
        ...observations,
        targets: new Map([...observations.targets, ...seen.byEnv]),
        unreachableClusters: new Set([...observations.unreachableClusters, ...seen.unreachable]),
      };
      decision = decide(state, observations, now, this.options.decide);
    }
    const { targets, releaseImages } = await this.withActionTargets(read, decision.actions, state.releaseVersion);
    const gotAnswers = decision.actions.some((a) => a.type === 'attribute' || a.type === 'rollbackIfSafe');
    const requeue = decision.requeueAfterMs ?? this.options.idleRecheckMs;
    const nextReconcileAt = now + (gotAnswers ? 0 : requeue);
    const saved = await this.store.save(loaded, decision, nextReconcileAt);
    if (!saved.ok) {
      this.saved.delete(trainId);
      return { outcome: 'stale' };
    }
    this.saved.set(trainId, saved.train);
    const applied = await this.applier.apply(decision.actions, { trainId, now, targets, releaseImages });
    this.remember(trainId, applied.answers);
    if (decision.requeueAfterMs === null && decision.next.status !== state.status && isTerminal(decision.next)) {
      this.answers.delete(trainId);
      this.saved.delete(trainId);
      this.bake.forget(trainId);
      await this.leases.release(lease, this.options.instanceId);
    }
    return {
      outcome: 'done',
      status: decision.next.status,
      observed: names.length,
      actions: decision.actions.length,
      failedActions: applied.failed,
      events: decision.events.length,
      nextReconcileAt,
    };
  }

  private async observe(
    state: TrainState,
    names: readonly string[],
    read: TrainTargets,
    plan: TrainPlanContext | undefined,
    now: number,
  ): Promise<Observations> {
    const ring = bakingRingOf(state, {
      targets: read.targets,
      prometheusUrls: read.prometheusUrls,
      queries: plan?.queries,
    });
    const [{ byEnv, unreachable }, report, stored] = await Promise.all([
      this.observeTargets(state, names, read),
      this.bake.observe(state.id, ring, now),
      this.storedAttributions(state),
    ]);
    const answers = this.answers.get(state.id);
    return {
      targets: withBakeFailures(byEnv, report),
      unreachableClusters: unreachable,
      ...bakeRingSignals(report),
      attributions: mergeAttributions(stored, answers?.attributions),
      rollbackSafety: answers?.rollbackSafety ?? new Map(),
      frozen: plan ? frozenAt(plan.freezeWindows, now) : undefined,
    };
  }

  /** What the clusters report about `names`, mapped for decide, and the clusters that could not be reached. */
  private async observeTargets(
    state: TrainState,
    names: readonly string[],
    read: TrainTargets,
  ): Promise<{ byEnv: Map<string, TargetObservation>; unreachable: Set<string> }> {
    const list: EnvironmentTarget[] = [];
    for (const n of names) {
      const t = read.targets.get(n);
      if (t) list.push(t);
    }
    const observed = list.length === 0 ? [] : await this.driver.observe(list);
    const previous = previousImagesOf(state, names);
    const byEnv = new Map<string, TargetObservation>();
    const unreachable = new Set<string>();
    for (const o of observed) {
      const mapped = mapObservation(o, read.releaseImages, previous.get(o.environment), state.id);
      if (mapped.kind === 'target') byEnv.set(o.environment, mapped.observation);
      else if (mapped.kind === 'unreachable') unreachable.add(o.cluster);
    }
    return { byEnv, unreachable };
  }

  /**
   * The stored attributions, read only when the current ring (the only one decide judges) has a failed or excluded
   * target: a verdict to act on, or an override to apply.
   */
  private async storedAttributions(state: TrainState): Promise<ReadonlyMap<string, AttributionResult>> {
    const r = state.currentRingIndex;
    const judged = state.targets.some((t) => t.ringIndex === r && (t.status === 'FAILED' || t.status === 'EXCLUDED'));
    if (!this.sources.attributions || !judged) return new Map();
    return this.sources.attributions.latestForTrain(state.id);
  }

  /**
   * `read`, plus the targets of actions on environments it does not hold (a ring `decide` entered in this pass beyond
   * the one observed): without them those actions could not be applied and would wait for the next pass.
   */
  private async withActionTargets(
    read: TrainTargets,
    actions: readonly Action[],
    releaseVersion: string,
  ): Promise<TrainTargets> {
    const missing = [...new Set(actions.map((a) => a.environment))].filter((n) => !read.targets.has(n));
    if (missing.length === 0) return read;
    return withTargetsOf(read, await this.reader.read(releaseVersion, missing));
  }

  private remember(trainId: string, fresh: ActionAnswers): void {
    const kept = this.answers.get(trainId) ?? { attributions: new Map(), rollbackSafety: new Map() };
    for (const [k, v] of fresh.attributions) kept.attributions.set(k, v);
    for (const [k, v] of fresh.rollbackSafety) kept.rollbackSafety.set(k, v);
    this.answers.set(trainId, kept);
  }
}

/** What the train recorded each of `names` ran before its first deploy there. */
function previousImagesOf(state: TrainState, names: readonly string[]): Map<string, ComponentImages | undefined> {
  const wanted = new Set(names);
  const out = new Map<string, ComponentImages | undefined>();
  for (const t of state.targets) if (wanted.has(t.environment)) out.set(t.environment, t.previousImages);
  return out;
}

/** `read` with the targets of a later read added. */
function withTargetsOf(read: TrainTargets, more: TrainTargets): TrainTargets {
  return { ...read, targets: new Map([...read.targets, ...more.targets]) };
}

/** Environments of first deploys (attempt 1) that `observations` has nothing about: a ring entered in this pass. */
function unobservedFirstDeploys(actions: readonly Action[], observations: Observations): string[] {
  return actions
    .filter((a) => a.type === 'deploy' && a.attempt === 1 && !observations.targets.has(a.environment))
    .filter((a) => !observations.unreachableClusters.has(a.cluster))
    .map((a) => a.environment);
}

/** A train that may still start a ring or bake one: the only ones freeze windows and telemetry matter to. */
function movesForward(state: TrainState): boolean {
  return state.status === 'SCHEDULED' || state.status === 'RUNNING';
}

function isTerminal(state: TrainState): boolean {
  return state.status === 'COMPLETED' || state.status === 'CANCELLED' || state.status === 'ROLLED_BACK';
}
