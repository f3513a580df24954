import { compareErrorCounts } from './error-count.stat.js';
import { alignBuckets, histogramTotal, quantileEstimate } from './histogram.js';
import { mannWhitneyGrouped } from './mann-whitney.stat.js';
import {
  DEFAULT_JUDGE_THRESHOLDS,
  type CanarySample,
  type CanaryVerdict,
  type JudgeThresholds,
  type LatencyBucket,
  type LatencyQuantile,
  type LatencyQuantiles,
  type MetricVerdict,
  type RoleLatency,
} from './judge.types.js';

const P95 = 0.95;
const P99 = 0.99;
const PERCENT = 100;
const MILLIS_PER_SECOND = 1000;

/**
 * Judges one canary against its stable over the same window.
 *
 * - Too little traffic in either role (< `minRequests`) → INCONCLUSIVE, never PASS.
 * - Error ratio: conditional binomial test on the error counts (one-sided, canary worse), FAIL only when significant
 *   at `alpha` AND the increase is at least `minAbsoluteIncrease` and `minRatio`× stable's (effect-size threshold).
 * - Latency: Mann–Whitney U over the histogram buckets (each request takes its bucket's upper bound; a bucket's
 *   requests are ties), FAIL only when significant at `alpha` AND Vargha–Delaney A ≥ `minEffectSize` AND the
 *   canary's p95 or p99 is more than `minQuantileRatio`× stable's (effect-size thresholds: the ranks say most
 *   requests got slower, the quantiles that the tail moved by as much). Buckets are tested, not quantiles, because the
 *   whole distribution is tested and A is interpretable; the p95 and p99 of each role, interpolated from the same
 *   buckets like `histogram_quantile`, are in the verdict (`quantiles`) and its reason.
 * - FAIL if any metric fails; PASS if all pass; INCONCLUSIVE otherwise.
 */
export function judgeCanary(
  sample: CanarySample,
  thresholds: JudgeThresholds = DEFAULT_JUDGE_THRESHOLDS,
): CanaryVerdict {
  const { canary, stable } = sample;
  if (canary.requests < thresholds.minRequests || stable.requests < thresholds.minRequests) {
    const reason =
      `too little traffic to judge: ${Math.round(canary.requests)} canary and ${Math.round(stable.requests)} stable ` +
      `requests, at least ${thresholds.minRequests} each needed`;
    return { status: 'INCONCLUSIVE', reasons: [reason], metrics: [] };
  }
  const metrics = [judgeErrorRate(sample, thresholds), judgeLatency(sample, thresholds)];
  return { status: combine(metrics), reasons: metrics.map((metric) => metric.reason), metrics };
}

function combine(metrics: MetricVerdict[]): CanaryVerdict['status'] {
  if (metrics.some((metric) => metric.status === 'FAIL')) return 'FAIL';
  if (metrics.every((metric) => metric.status === 'PASS')) return 'PASS';
  return 'INCONCLUSIVE';
}

function judgeErrorRate({ canary, stable }: CanarySample, thresholds: JudgeThresholds): MetricVerdict {
  const result = compareErrorCounts(canary, stable);
  const { minAbsoluteIncrease, minRatio } = thresholds.errorRate;
  const rates = `canary error ratio ${percent(result.canaryRatio)} vs stable ${percent(result.stableRatio)}`;
  const significant = result.pValue < thresholds.alpha;
  const large = result.absoluteIncrease >= minAbsoluteIncrease && result.ratio >= minRatio;
  const base = { metric: 'errorRate' as const, pValue: result.pValue, effectSize: result.absoluteIncrease };
  if (significant && large) {
    return { ...base, status: 'FAIL', reason: `${rates}: a significant regression (p=${fixed(result.pValue)})` };
  }
  const why = significant
    ? `significant (p=${fixed(result.pValue)}) but below the effect threshold of +${percent(minAbsoluteIncrease)} and ${minRatio}×`
    : `no significant increase (p=${fixed(result.pValue)})`;
  return { ...base, status: 'PASS', reason: `${rates}: ${why}` };
}

function judgeLatency({ canary, stable }: CanarySample, thresholds: JudgeThresholds): MetricVerdict {
  const canaryCount = histogramTotal(canary.latencyBuckets);
  const stableCount = histogramTotal(stable.latencyBuckets);
  if (canaryCount < thresholds.latency.minSamples || stableCount < thresholds.latency.minSamples) {
    return {
      metric: 'latency',
      status: 'INCONCLUSIVE',
      reason:
        `latency not judged: ${canaryCount} canary and ${stableCount} stable requests in the latency histogram, ` +
        `at least ${thresholds.latency.minSamples} each needed`,
    };
  }
  const { minEffectSize, minQuantileRatio } = thresholds.latency;
  const aligned = alignBuckets(canary.latencyBuckets, stable.latencyBuckets);
  const result = mannWhitneyGrouped(aligned.a, aligned.b);
  const quantiles: LatencyQuantiles = {
    canary: roleLatency(canary.latencyBuckets),
    stable: roleLatency(stable.latencyBuckets),
  };
  const measured =
    `canary p95 ${millis(quantiles.canary.p95)} vs stable ${millis(quantiles.stable.p95)}, ` +
    `p99 ${millis(quantiles.canary.p99)} vs ${millis(quantiles.stable.p99)}, P(canary slower)=${fixed(result.effectSize)}`;
  const base = { metric: 'latency' as const, pValue: result.pValue, effectSize: result.effectSize, quantiles };
  const significant = result.pValue < thresholds.alpha;
  const ranksShifted = result.effectSize >= minEffectSize;
  const tailSlower =
    exceeds(quantiles.canary.p95, quantiles.stable.p95, minQuantileRatio) ||
    exceeds(quantiles.canary.p99, quantiles.stable.p99, minQuantileRatio);
  if (significant && ranksShifted && tailSlower) {
    return {
      ...base,
      status: 'FAIL',
      reason: `${measured}: a significant latency regression (p=${fixed(result.pValue)})`,
    };
  }
  const p = `p=${fixed(result.pValue)}`;
  let why = `no significant slowdown (${p})`;
  if (significant && !ranksShifted) why = `significant (${p}) but below the effect threshold of ${minEffectSize}`;
  else if (significant) {
    why = `significant (${p}) but below the effect threshold: neither p95 nor p99 over ${minQuantileRatio}× stable's`;
  }
  return { ...base, status: 'PASS', reason: `${measured}: ${why}` };
}

function roleLatency(buckets: LatencyBucket[]): RoleLatency {
  return { p95: quantileEstimate(P95, buckets), p99: quantileEstimate(P99, buckets) };
}

/**
 * The canary's quantile is more than `ratio`× stable's. Past the highest finite bound it counts as more: the
 * histogram cannot show it is not (the ranks still have to say the canary is slower).
 */
function exceeds(canary: LatencyQuantile | null, stable: LatencyQuantile | null, ratio: number): boolean {
  if (canary === null || stable === null) return false;
  return canary.beyondHighestBound || canary.seconds > stable.seconds * ratio;
}

function percent(ratio: number): string {
  return `${(ratio * PERCENT).toFixed(2)}%`;
}

function fixed(value: number): string {
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}

function millis(quantile: LatencyQuantile | null): string {
  if (quantile === null) return 'n/a';
  const text = `${Math.round(quantile.seconds * MILLIS_PER_SECOND)} ms`;
  return quantile.beyondHighestBound ? `> ${text}` : text;
}
