import type { ClusterHealth } from '../health/cluster-health.js';
import type { RollbackSafety } from '../safety/rollback-safety.types.js';
import type { RolloutStatusSnapshot } from '../status/rollout-status.types.js';
import type { DriverError } from './driver-error.js';

/** One environment as the engine targets it: where it lives and which Rollout is which component. */
export interface EnvironmentTarget {
  environment: string;
  cluster: string;
  namespace: string;
  components: readonly { component: string; rollout: string }[];
}

/** Images by component name (`{ author: 'cms/author:2026.47.1', publish: ... }`). */
export type ComponentImages = Readonly<Record<string, string>>;

/** What one component's Rollout looks like now. */
export interface ComponentObservation {
  component: string;
  rollout: string;
  /** Null when the Rollout does not exist (deleted, or never there). */
  status: RolloutStatusSnapshot | null;
  customerRevision: string | null;
  /** The deploy attempt stamped on the Rollout (`ringmaster.io/train` + `ringmaster.io/attempt`), or null. */
  deployStamp?: DeployStamp | null;
}

/** Which train's which deploy attempt wrote a Rollout's image. */
export interface DeployStamp {
  train: string;
  attempt: number;
}

/**
 * One target's observation. `error` set means nothing could be observed (cluster unknown, unreachable, not
 * synced) and `components` is empty: a condition of the observer, not a failure of the target.
 */
export interface TargetObservation {
  environment: string;
  cluster: string;
  namespace: string;
  components: ComponentObservation[];
  clusterHealth: ClusterHealth | null;
  error?: DriverError;
}

/** Result of an operation on one component. */
export interface ComponentOperationResult {
  component: string;
  rollout: string;
  /** applied: written; noop: already so; rejected: does not apply in this state; failed: see error. */
  outcome: 'applied' | 'noop' | 'rejected' | 'failed';
  reason?: string;
  error?: DriverError;
}

/**
 * Result of an operation on a target: `failed` if any component failed (with its error), else `applied` if any was
 * written, else `rejected` if any was, else `noop`. Components not named in the request are not touched.
 */
export interface OperationResult {
  environment: string;
  cluster: string;
  outcome: 'applied' | 'noop' | 'rejected' | 'failed';
  components: ComponentOperationResult[];
  error?: DriverError;
}

/** A rollback safety verdict, or why none could be reached (then do not roll back yet: retry or report). */
export type RollbackSafetyResult = { ok: true; safety: RollbackSafety } | { ok: false; error: DriverError };

/**
 * How the engine drives Argo Rollouts across clusters. Every method resolves — errors are data, never rejections —
 * and every write is idempotent: calling it again once it took effect changes nothing and reports `noop`.
 * Reads for `observe` come from each cluster's watch cache, so observing costs no API requests once synced.
 */
export interface RolloutDriver {
  /**
   * Observes targets (one result per target, in order). Served from the watch caches; a cluster that has not
   * listed yet within the fan-out timeout gives `NOT_SYNCED` (retryable).
   */
  observe(targets: readonly EnvironmentTarget[]): Promise<TargetObservation[]>;

  /**
   * Sets each named component's image (container named like the component, else the first; inline template or
   * `workloadRef` Deployment). Idempotent: a component already on its image is a `noop`. At most one write per
   * component on a clean deploy, no reads. Rejected with `CORDONED` on a cordoned cluster. With `stamp`, the
   * attempt is written in the same merge patch as the image (a Rollout already on the image but stamped by another
   * attempt gets the stamp alone); `observe` reports it back as `deployStamp`.
   */
  deploy(target: EnvironmentTarget, images: ComponentImages, stamp?: DeployStamp): Promise<OperationResult>;

  /** Promotes paused Rollouts one step (`kubectl argo rollouts promote`); a Rollout not paused is a `noop`. */
  promote(target: EnvironmentTarget): Promise<OperationResult>;

  /** Promotes fully, skipping remaining steps, pauses and analysis; `noop` when fully promoted. */
  promoteFull(target: EnvironmentTarget): Promise<OperationResult>;

  /** Aborts updates in flight (traffic back to stable); `noop` when aborted or nothing is in flight. */
  abort(target: EnvironmentTarget): Promise<OperationResult>;

  /** Retries aborted updates (clears the abort); `noop` when not aborted. */
  retry(target: EnvironmentTarget): Promise<OperationResult>;

  /**
   * Rolls each named component back to `previousImages`: undo to the newest revision running that image (its
   * whole pod template, as `kubectl argo rollouts undo`), or set the image when no revision has it any more.
   * `noop` when the template already runs it. Does not check safety: call `checkRollbackSafety` first.
   */
  rollback(target: EnvironmentTarget, previousImages: ComponentImages): Promise<OperationResult>;

  /**
   * Checks that every ConfigMap and Secret the rollback would bring back still exists, reading metadata only
   * (never Secret data). `safe: false` lists what is missing: report ROLLBACK_UNSAFE instead of rolling back.
   */
  checkRollbackSafety(target: EnvironmentTarget, previousImages: ComponentImages): Promise<RollbackSafetyResult>;

  /**
   * Reads what explains a failing target (API reads: call it for failing targets, not on every pass): the status
   * with pod failure signals of the canary ReplicaSet's pods and the metric results of its AnalysisRuns.
   */
  diagnose(target: EnvironmentTarget): Promise<TargetObservation>;
}
