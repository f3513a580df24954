/** Inputs and outputs of the canary judge. Everything here is plain data; the judge is pure. */

/**
 * One Prometheus histogram bucket: `count` requests took at most `le` seconds (cumulative, as Prometheus counts them).
 * `le` is `Infinity` for the `+Inf` bucket.
 */
export interface LatencyBucket {
  le: number;
  count: number;
}

/** What one role (canary or stable) of a target served during the window. */
export interface RoleSample {
  requests: number;
  /** Server errors (5xx). */
  errors: number;
  /** Cumulative latency buckets; empty when the histogram is absent. */
  latencyBuckets: LatencyBucket[];
}

/** Canary and stable of one target (or of a pool of targets) over the same window. */
export interface CanarySample {
  /** The target (environment) name, or the pooled targets' names joined by `+`. */
  target: string;
  canary: RoleSample;
  stable: RoleSample;
}

/**
 * What the observer saw for one target: a sample, or the metrics backend could not be reached.
 * `OBSERVER_UNAVAILABLE` is a transient condition of the observer (the bake clock stops), never a release failure.
 * `retryable` is false when the backend rejected the query (a misconfigured template): retrying will not help.
 */
export type TargetObservation =
  | { target: string; status: 'OBSERVED'; sample: CanarySample }
  | { target: string; status: 'OBSERVER_UNAVAILABLE'; reason: string; retryable: boolean };

export interface ErrorRateThresholds {
  /** Canary error ratio must exceed stable's by at least this much (absolute, 0..1) to fail. */
  minAbsoluteIncrease: number;
  /** ... and be at least this many times stable's. */
  minRatio: number;
}

export interface LatencyThresholds {
  /** Requests in each role's histogram below which latency gives no verdict. */
  minSamples: number;
  /**
   * Vargha–Delaney A (probability that a canary request is slower than a stable one, ties counted half) at or above
   * which a significant difference fails the canary. 0.5 = no difference; 0.56 small, 0.64 medium, 0.71 large.
   */
  minEffectSize: number;
  /**
   * ... and the canary's p95 or p99 must be more than this many times stable's (1 = any increase). A canary quantile
   * past the highest finite bucket bound counts as more: the histogram cannot show that it is not.
   */
  minQuantileRatio: number;
}

export interface JudgeThresholds {
  /** Requests per role below which the target gives no verdict on its own (INCONCLUSIVE; pooled in a ring). */
  minRequests: number;
  /** One-sided significance level of each test. */
  alpha: number;
  errorRate: ErrorRateThresholds;
  latency: LatencyThresholds;
}

export const DEFAULT_MIN_REQUESTS = 200;
export const DEFAULT_ALPHA = 0.01;
export const DEFAULT_MIN_ERROR_INCREASE = 0.005;
export const DEFAULT_MIN_ERROR_RATIO = 1.5;
export const DEFAULT_MIN_LATENCY_EFFECT = 0.6;
/**
 * For latency that shifts as a whole (log-normal, σ ≈ 0.5, as fleet-sim serves), A = 0.6 is about 1.2× at every
 * quantile: the ratio rule asks that the tail really moved as far as the ranks say, not only the bulk.
 */
export const DEFAULT_MIN_LATENCY_QUANTILE_RATIO = 1.2;

export const DEFAULT_JUDGE_THRESHOLDS: Readonly<JudgeThresholds> = Object.freeze({
  minRequests: DEFAULT_MIN_REQUESTS,
  alpha: DEFAULT_ALPHA,
  errorRate: { minAbsoluteIncrease: DEFAULT_MIN_ERROR_INCREASE, minRatio: DEFAULT_MIN_ERROR_RATIO },
  latency: {
    minSamples: DEFAULT_MIN_REQUESTS,
    minEffectSize: DEFAULT_MIN_LATENCY_EFFECT,
    minQuantileRatio: DEFAULT_MIN_LATENCY_QUANTILE_RATIO,
  },
});

export type MetricStatus = 'PASS' | 'FAIL' | 'INCONCLUSIVE';
export type VerdictStatus = MetricStatus | 'OBSERVER_UNAVAILABLE';

/**
 * A latency quantile estimated from a histogram, interpolated inside its bucket like PromQL's `histogram_quantile`.
 * In the `+Inf` bucket, `seconds` is the highest finite bound and `beyondHighestBound` is true: the true value is
 * higher, by how much the histogram cannot tell.
 */
export interface LatencyQuantile {
  seconds: number;
  beyondHighestBound: boolean;
}

/** One role's latency quantiles over the window; `null` for an empty histogram. */
export interface RoleLatency {
  p95: LatencyQuantile | null;
  p99: LatencyQuantile | null;
}

/** Canary and stable latency quantiles, from the same histogram buckets the latency test ranks. */
export interface LatencyQuantiles {
  canary: RoleLatency;
  stable: RoleLatency;
}

/** The judgement of one metric. */
export interface MetricVerdict {
  metric: 'errorRate' | 'latency';
  status: MetricStatus;
  /** One human sentence. */
  reason: string;
  pValue?: number;
  /** errorRate: canary ratio − stable ratio; latency: Vargha–Delaney A. */
  effectSize?: number;
  /** latency, when judged (PASS or FAIL): p95 and p99 of each role. */
  quantiles?: LatencyQuantiles;
}

/**
 * The judgement of a target (or a pool). FAIL if any metric fails; PASS only if every metric passes with enough
 * traffic; INCONCLUSIVE otherwise; OBSERVER_UNAVAILABLE when there was nothing to judge.
 */
export interface CanaryVerdict {
  status: VerdictStatus;
  /** One human sentence per metric (or why nothing was judged). */
  reasons: string[];
  metrics: MetricVerdict[];
}
