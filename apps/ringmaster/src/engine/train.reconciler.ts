import type { RolloutDriver } from '@ringmaster/clusters';
import {
  decide,
  DEFAULT_DECIDE_OPTIONS,
  type DecideOptions,
  type Observations,
  type TargetObservation,
  type TrainState,
} from '@ringmaster/domain';
import { LeaseStore, type TrainStore } from '@ringmaster/persistence';
import { ActionApplier, type ActionAnswers } from './action.applier.js';
import { mapObservation } from './observation.mapper.js';
import type { TargetAttributor } from './target-attributor.js';
import type { TrainTargetsReader } from './train-targets.reader.js';

/** Tunables of a reconcile pass. */
export interface ReconcilerOptions {
  /** this replica's name in leases */
  instanceId: string;
  /** how long a lease lasts without renewal */
  leaseTtlMs: number;
  /** when decide asks for no look again, look anyway after this long */
  idleRecheckMs: number;
  decide: DecideOptions;
}

export const DEFAULT_RECONCILER_OPTIONS: Omit<ReconcilerOptions, 'instanceId'> = {
  leaseTtlMs: 30_000,
  idleRecheckMs: 60_000,
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
 * back rings') targets through the driver, decide, save state and events in one transaction, then apply the
 * actions. Answers to attribute and rollback-safety actions are kept in memory and fed to the next pass (a lost
 * answer is asked again). Safe to run at any time: a stale save writes nothing and applies nothing.
 */
export class TrainReconciler {
  private readonly answers = new Map<string, ActionAnswers>();
  private readonly applier: ActionApplier;

  constructor(
    private readonly store: TrainStore,
    private readonly leases: LeaseStore,
    private readonly reader: TrainTargetsReader,
    private readonly driver: RolloutDriver,
    attributor: TargetAttributor,
    private readonly options: ReconcilerOptions,
  ) {
    this.applier = new ActionApplier(driver, attributor);
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
    const { targets, releaseImages } = await this.reader.read(state.releaseVersion, names);
    const observations = await this.observe(state, names, targets, releaseImages);
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
    targets: Awaited<ReturnType<TrainTargetsReader['read']>>['targets'],
    releaseImages: Awaited<ReturnType<TrainTargetsReader['read']>>['releaseImages'],
  ): Promise<Observations> {
    const list = names.flatMap((n) => {
      const t = targets.get(n);
      return t ? [t] : [];
    });
    const observed = list.length === 0 ? [] : await this.driver.observe(list);
    const previous = new Map(state.targets.map((t) => [t.environment, t.previousImages]));
    const byEnv = new Map<string, TargetObservation>();
    const unreachable = new Set<string>();
    for (const o of observed) {
      const mapped = mapObservation(o, releaseImages, previous.get(o.environment), state.id);
      if (mapped.kind === 'target') byEnv.set(o.environment, mapped.observation);
      else if (mapped.kind === 'unreachable') unreachable.add(o.cluster);
    }
    const answers = this.answers.get(state.id);
    return {
      targets: byEnv,
      unreachableClusters: unreachable,
      metricsUnreachableRings: new Set(),
      attributions: answers?.attributions ?? new Map(),
      rollbackSafety: answers?.rollbackSafety ?? new Map(),
    };
  }

  private remember(trainId: string, fresh: ActionAnswers): void {
    const kept = this.answers.get(trainId) ?? { attributions: new Map(), rollbackSafety: new Map() };
    for (const [k, v] of fresh.attributions) kept.attributions.set(k, v);
    for (const [k, v] of fresh.rollbackSafety) kept.rollbackSafety.set(k, v);
    this.answers.set(trainId, kept);
  }
}

function isTerminal(state: TrainState): boolean {
  return state.status === 'COMPLETED' || state.status === 'CANCELLED' || state.status === 'ROLLED_BACK';
}

/**
 * The targets a pass observes: while rolling back, every target the train touched; otherwise the current ring's
 * targets (excluded ones need no look).
 */
export function targetsToObserve(state: TrainState): string[] {
  if (state.status === 'ROLLING_BACK') {
    return state.targets.filter((t) => t.status !== 'PENDING' && t.status !== 'EXCLUDED').map((t) => t.environment);
  }
  if (state.currentRingIndex === undefined) return [];
  const r = state.currentRingIndex;
  return state.targets.filter((t) => t.ringIndex === r && t.status !== 'EXCLUDED').map((t) => t.environment);
}
