import type { Cause, RingRunStatus, TargetStatus, TrainStatus } from '../common/domain.enums.js';
import type { RingPlan } from '../policy/ring-plan.model.js';

// Times are epoch milliseconds (numbers): the domain never reads a clock, `now` is an argument.

/** Component name → image reference. */
export type ComponentImages = Readonly<Record<string, string>>;

/** Where a target is in being rolled back (only while the train is ROLLING_BACK). */
export type RollbackStep = 'SAFETY_CHECK' | 'REVERTING';

/** One (train, environment). Field names follow the Prisma `Target` model. */
export interface TargetState {
  /** the environment's unique name: the key of observations and actions */
  environment: string;
  cluster: string;
  tenant?: string;
  /** index of the target's ring in the plan */
  ringIndex: number;
  status: TargetStatus;
  /** deploy attempts issued (the first deploy is attempt 1; every retry adds one) */
  attempts: number;
  /** when a RETRYING target may be deployed again */
  nextAttemptAt?: number;
  /** the judged cause of the current failure; undefined while a FAILED target awaits attribution */
  cause?: Cause;
  failureSignature?: string;
  message?: string;
  /** images before this train first deployed here: what a rollback restores */
  previousImages?: ComponentImages;
  deployedAt?: number;
  failedAt?: number;
  /** the rollback step under way, while the train is ROLLING_BACK */
  rollbackStep?: RollbackStep;
  /** a halt or a cancel aborted this target's in-flight canary: keep it aborted while the train stays put */
  aborted?: boolean;
  updatedAt?: number;
}

/** One (train, ring). Field names follow the Prisma `RingRun` model. */
export interface RingRunState {
  name: string;
  status: RingRunStatus;
  startedAt?: number;
  bakeStartedAt?: number;
  /** when the bake ends; pushed back by the time metrics were unreachable */
  bakeEndsAt?: number;
  /** bake time lost while the metrics backend was unreachable */
  bakePausedMs: number;
  /** since when the bake clock is stopped because metrics are unreachable */
  bakePausedSince?: number;
  /**
   * counted failures a release manager accepted by resuming the train after a halt: the budget judges only
   * counted failures beyond these
   */
  acceptedFailures: number;
  approvedBy?: string;
  approvedAt?: number;
  finishedAt?: number;
}

/**
 * Everything `decide` and the commands need to know about a train: the plan snapshot, one run per ring (same order
 * as `plan.rings`), and every target. The reconciler loads it, gathers observations, calls `decide`, persists.
 */
export interface TrainState {
  id: string;
  releaseVersion: string;
  /** the ring plan as it was when the train was created */
  plan: RingPlan;
  status: TrainStatus;
  /** a paused train deploys nothing new but keeps observing */
  paused: boolean;
  autoRollback: boolean;
  /** index of the ring being deployed, baked or awaiting approval; undefined before the train starts */
  currentRingIndex?: number;
  haltReason?: string;
  /** a SCHEDULED train with a start time starts by itself once it has come */
  startAt?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  rings: RingRunState[];
  targets: TargetState[];
}

/** Target counts of one ring, as the API's `targetCounts` shows them. */
export interface TargetCounts {
  total: number;
  pending: number;
  deploying: number;
  healthy: number;
  failed: number;
  excluded: number;
  rolledBack: number;
}

/** Which TargetCounts bucket each target state falls in: RETRYING and ROLLBACK_UNSAFE count as failed. */
const COUNT_BUCKET: Record<TargetStatus, Exclude<keyof TargetCounts, 'total'>> = {
  PENDING: 'pending',
  DEPLOYING: 'deploying',
  HEALTHY: 'healthy',
  FAILED: 'failed',
  RETRYING: 'failed',
  ROLLBACK_UNSAFE: 'failed',
  EXCLUDED: 'excluded',
  ROLLED_BACK: 'rolledBack',
};

const noTargets = (): TargetCounts => ({
  total: 0,
  pending: 0,
  deploying: 0,
  healthy: 0,
  failed: 0,
  excluded: 0,
  rolledBack: 0,
});

/** Counts the targets of one ring. O(targets). */
export function countTargets(state: TrainState, ringIndex: number): TargetCounts {
  const counts = noTargets();
  for (const t of state.targets) {
    if (t.ringIndex !== ringIndex) continue;
    counts.total++;
    counts[COUNT_BUCKET[t.status] ?? 'failed']++;
  }
  return counts;
}

/** A ring's TargetCounts from the number of its targets in each state (e.g. one GROUP BY row per state). */
export function targetCountsOf(byStatus: Readonly<Partial<Record<string, number>>>): TargetCounts {
  const counts = noTargets();
  for (const [status, n] of Object.entries(byStatus)) {
    if (!n) continue;
    counts.total += n;
    // an unknown state counts as failed, as in countTargets
    counts[COUNT_BUCKET[status as TargetStatus] ?? 'failed'] += n;
  }
  return counts;
}

/** The name of the train's current ring, as the API's `currentRing` shows it. */
export function currentRingName(state: TrainState): string | undefined {
  return state.currentRingIndex === undefined ? undefined : state.plan.rings[state.currentRingIndex]?.name;
}
