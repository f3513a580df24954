import type { Cause } from '../common/domain.enums.js';
import type { ComponentImages } from './train.state.js';

/** Argo Rollouts phases, normalised by the driver. */
export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

/** What the cluster says about one target's Rollouts (all components of the environment together). */
export interface TargetObservation {
  /** the worst phase over the environment's Rollouts */
  phase: RolloutPhase;
  /**
   * Paused, and only at canary pause steps with a duration: the controller goes on by itself, so no promote is sent
   * (promoting would cut short the canary's own wait and cost a write per target)
   */
  pauseEndsByItself?: boolean;
  /** every component's Rollout spec already names the release image: the deploy has been applied */
  runsRelease: boolean;
  /**
   * the deploy attempt the driver stamped on the Rollouts with the release image (e.g. an annotation); when given,
   * health is only judged once it has reached the target's current attempt, so the status of an earlier attempt
   * (say, a Degraded aborted canary) is never mistaken for the retry's. Omit when the driver does not stamp.
   */
  appliedAttempt?: number;
  /** every component's Rollout spec names its `previousImages` again: a rollback has been applied */
  runsPreviousImages?: boolean;
  /** the images before this train's first deploy, as the driver recorded them (kept in state on first sight) */
  previousImages?: ComponentImages;
  /** the rollout is aborted (status.abort): its canary went back to stable */
  aborted?: boolean;
  /** failure signals (crash loop, failed analysis, image pull, ...); present means the target failed */
  failure?: { signature: string; message?: string };
}

/** How far a failure signature has spread over the fleet on the new release: the evidence behind `haltNow`. */
export interface FleetSpreadEvidence {
  signature: string;
  /** distinct failing tenants and clusters, sorted */
  tenants: readonly string[];
  clusters: readonly string[];
}

/** An attribution service's verdict on one failed target. */
export interface AttributionResult {
  /** the deploy attempt whose failure was judged; verdicts for other attempts are ignored */
  attempt: number;
  cause: Cause;
  confidence?: number;
  evidence?: readonly string[];
  signature?: string;
  /** set when a release manager overrode the judged cause */
  overriddenBy?: string;
  /**
   * the fleet signal is met (the same signature in many tenants across several clusters, well above the old
   * release's rate): the train halts at once, whatever is left of the ring's failure budget
   */
  haltNow?: boolean;
  /** the spread that met the fleet signal, for the halt reason */
  fleetSpread?: FleetSpreadEvidence;
}

/** Whether what a target's previous revision needs (ConfigMaps, Secrets) still exists. */
export interface RollbackSafety {
  safe: boolean;
  /** what is missing, e.g. `secret/app-config-5f7c9` */
  missing?: readonly string[];
  /** safe, and the revert went out with the check (`rollbackIfSafe`): no need to issue it again */
  reverted?: boolean;
}

/**
 * Everything the reconciler gathered for one pass. Missing entries mean "not known this pass": the target waits.
 * A reconciler only needs to observe the targets of the current ring (or the ring being rolled back).
 */
export interface Observations {
  /** by environment name */
  targets: ReadonlyMap<string, TargetObservation>;
  /** clusters that could not be reached this pass: their targets wait, never fail */
  unreachableClusters: ReadonlySet<string>;
  /** rings (by name) whose metrics backend could not be reached: their bake clock stops */
  metricsUnreachableRings: ReadonlySet<string>;
  /**
   * rings (by name) whose bake telemetry has no verdict yet on some observed target: too early to judge, or too
   * little traffic even pooled (INCONCLUSIVE). Such a bake never passes on time alone: it stays open, looked at every
   * poll, until the telemetry passes (or fails a target). Absent: no telemetry holds any bake.
   */
  bakeUndecidedRings?: ReadonlySet<string>;
  /** by environment name: the latest attribution of its failure */
  attributions: ReadonlyMap<string, AttributionResult>;
  /** by environment name: answers to `rollbackIfSafe` */
  rollbackSafety: ReadonlyMap<string, RollbackSafety>;
  /**
   * set while a freeze window of the train's ring plan is in force (see `isFrozen` in ../schedule): no new ring
   * starts, the ring in flight carries on; `until` (epoch ms) is when to look again
   */
  frozen?: { until?: number; reason: string };
}

/** Observations with nothing in them: a convenient start for tests and for a reconciler building one. */
export function emptyObservations(): Observations {
  return {
    targets: new Map(),
    unreachableClusters: new Set(),
    metricsUnreachableRings: new Set(),
    bakeUndecidedRings: new Set(),
    attributions: new Map(),
    rollbackSafety: new Map(),
  };
}
