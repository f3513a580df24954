import type { RolloutDriver } from '@ringmaster/clusters';
import {
  decide,
  type AttributionResult,
  DEFAULT_DECIDE_OPTIONS,
  type DecideOptions,
  type Observations,
  type TargetObservation,
  type TrainState,
} from '@ringmaster/domain';
import { LeaseStore, type TrainStore } from '@ringmaster/persistence';
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
 * One reconcile pass of one train: take (or renew) its lease, load it, observe the current ring's (or the rolled
 * back rings') targets through the driver and, while the ring bakes, its telemetry; merge the stored attributions
 * (overrides included) with this replica's answers; apply the plan's freeze windows at `now`; decide; save state
 * and events in one transaction, then apply the actions. Rollback-safety answers are kept in memory only until the
 * next pass, which acts on them and so stores them as the targets' state (REVERTING, ROLLBACK_UNSAFE); only a
 * restart between the two asks again (a few shared list reads, see ReplicaSetSnapshots). Safe to run at any time: a
 * stale save writes nothing and applies nothing.
 */
export class TrainReconciler {
  private readonly answers = new Map<string, ActionAnswers>();
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
      return { outcome: 'not-leased' };
    }
    const loaded = await this.store.load(trainId);
    if (!loaded) {
      await this.leases.release(lease, this.options.instanceId);
      return { outcome: 'missing' };
    }
    const state = loaded.state;
    const names = targetsToObserve(state);
    const [read, plan] = await Promise.all([
      this.reader.read(state.releaseVersion, names),
      movesForward(state) && this.sources.plans ? this.sources.plans.read(trainId) : undefined,
    ]);
    const { targets, releaseImages } = read;
    const observations = await this.observe(state, names, read, plan, now);
    const decision = decide(state, observations, now, this.options.decide);
    const gotAnswers = decision.actions.some((a) => a.type === 'attribute' || a.type === 'checkRollbackSafety');
    const requeue = decision.requeueAfterMs ?? this.options.idleRecheckMs;
    const nextReconcileAt = now + (gotAnswers ? 0 : requeue);
    const saved = await this.store.save(loaded, decision, nextReconcileAt);
    if (!saved.ok) return { outcome: 'stale' };
    const applied = await this.applier.apply(decision.actions, { trainId, now, targets, releaseImages });
    this.remember(trainId, applied.answers);
    if (decision.requeueAfterMs === null && decision.next.status !== state.status && isTerminal(decision.next)) {
      this.answers.delete(trainId);
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
    const list = names.flatMap((n) => {
      const t = read.targets.get(n);
      return t ? [t] : [];
    });
    const ring = bakingRingOf(state, {
      targets: read.targets,
      prometheusUrls: read.prometheusUrls,
      queries: plan?.queries,
    });
    const [observed, report, stored] = await Promise.all([
      list.length === 0 ? [] : this.driver.observe(list),
      this.bake.observe(state.id, ring, now),
      this.storedAttributions(state),
    ]);
    const previous = new Map(state.targets.map((t) => [t.environment, t.previousImages]));
    const byEnv = new Map<string, TargetObservation>();
    const unreachable = new Set<string>();
    for (const o of observed) {
      const mapped = mapObservation(o, read.releaseImages, previous.get(o.environment), state.id);
      if (mapped.kind === 'target') byEnv.set(o.environment, mapped.observation);
      else if (mapped.kind === 'unreachable') unreachable.add(o.cluster);
    }
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

  private remember(trainId: string, fresh: ActionAnswers): void {
    const kept = this.answers.get(trainId) ?? { attributions: new Map(), rollbackSafety: new Map() };
    for (const [k, v] of fresh.attributions) kept.attributions.set(k, v);
    for (const [k, v] of fresh.rollbackSafety) kept.rollbackSafety.set(k, v);
    this.answers.set(trainId, kept);
  }
}

/** A train that may still start a ring or bake one: the only ones freeze windows and telemetry matter to. */
function movesForward(state: TrainState): boolean {
  return state.status === 'SCHEDULED' || state.status === 'RUNNING';
}

function isTerminal(state: TrainState): boolean {
  return state.status === 'COMPLETED' || state.status === 'CANCELLED' || state.status === 'ROLLED_BACK';
}

/**
 * The targets a pass observes: while rolling back, every target the train deployed to; otherwise the current ring's
 * targets (excluded ones need no look).
 */
export function targetsToObserve(state: TrainState): string[] {
  if (state.status === 'ROLLING_BACK') {
    // "touched" is attempts > 0, as the rollback itself counts it: a canary aborted by the halt is PENDING again
    // (and an excluded target may have run the release), yet both must be seen back on their previous images
    return state.targets.filter((t) => t.attempts > 0).map((t) => t.environment);
  }
  if (state.currentRingIndex === undefined) return [];
  const r = state.currentRingIndex;
  return state.targets.filter((t) => t.ringIndex === r && t.status !== 'EXCLUDED').map((t) => t.environment);
}
