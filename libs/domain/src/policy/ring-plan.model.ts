import type { Gate, RingKind } from '../common/domain.enums.js';

/**
 * How many counted failures a ring tolerates. At least one limit is set; with both, exceeding either exhausts it.
 * See failure-budget.policy.ts for what "counted" and "exceeding" mean.
 */
export interface FailureBudget {
  /** counted failures tolerated; 0 means the first counted failure exhausts the budget */
  maxFailures?: number;
  /** percent (0–100) of the ring's non-excluded targets that may fail */
  maxFailurePercent?: number;
}

/**
 * Canary-versus-stable thresholds for a ring, read by the telemetry judge. All optional: the judge has defaults.
 * The domain only checks that they are sensible numbers.
 */
export interface AnalysisThresholds {
  /** highest tolerated canary error ratio minus stable error ratio (0.01 = one point) */
  maxErrorRatioIncrease?: number;
  /** highest tolerated canary p95 or p99 latency divided by stable's (the same quantile) */
  maxLatencyRatio?: number;
  /** fewer requests than this in the window give an INCONCLUSIVE verdict, never a pass */
  minRequests?: number;
}

/** One ring of a plan, validated, with its bake as milliseconds. */
export interface RingPolicy {
  name: string;
  kind: RingKind;
  /** Kubernetes label selector over environment labels; `""` matches every environment */
  selector: string;
  /** wave size: most targets deploying at the same time */
  maxParallel: number;
  bakeMs: number;
  failureBudget: FailureBudget;
  /** AUTO: the ring starts as soon as the previous one passed; MANUAL: it also waits for approveRing */
  gate: Gate;
  analysis: AnalysisThresholds;
}

/** An ordered ring plan, validated. Membership: an environment belongs to the FIRST ring whose selector matches. */
export interface RingPlan {
  name: string;
  rings: readonly RingPolicy[];
  autoRollback: boolean;
}

/** A ring as it comes from the API (`RingInput`): the bake is a duration text like `30m`. */
export interface RingInput {
  name: string;
  kind: RingKind;
  selector: string;
  maxParallel: number;
  bake: string;
  failureBudget: FailureBudget;
  gate: Gate;
  analysis?: AnalysisThresholds;
}

/** A ring plan as it comes from the API (`UpsertRingPlanInput`). */
export interface RingPlanInput {
  name: string;
  rings: readonly RingInput[];
  autoRollback?: boolean;
}
