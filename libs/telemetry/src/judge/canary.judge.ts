import { compareErrorCounts } from './error-count.stat.js';
import { alignBuckets, histogramQuantile, histogramTotal } from './histogram.js';
import { mannWhitneyGrouped } from './mann-whitney.stat.js';
import {
  DEFAULT_JUDGE_THRESHOLDS,
  type CanarySample,
  type CanaryVerdict,
  type JudgeThresholds,
  type MetricVerdict,
} from './judge.types.js';

const P95 = 0.95;
const PERCENT = 100;
const MILLIS_PER_SECOND = 1000;

/**
 * Judges one canary against its stable over the same window.
 *
 * - Too little traffic in either role (< `minRequests`) → INCONCLUSIVE, never PASS.
 * - Error ratio: conditional binomial test on the error counts (one-sided, canary worse), FAIL only when significant
 *   at `alpha` AND the increase is at least `minAbsoluteIncrease` and `minRatio`× stable's (effect-size threshold).
 * - Latency: Mann–Whitney U over the histogram buckets (each request takes its bucket's upper bound; a bucket's
 *   requests are ties), FAIL only when significant at `alpha` AND Vargha–Delaney A ≥ `minEffectSize`. Buckets, not
 *   quantiles, because the whole distribution is tested and the effect size is interpretable; the p95 of each role is
 *   reported in the reason.
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
  const aligned = alignBuckets(canary.latencyBuckets, stable.latencyBuckets);
  const result = mannWhitneyGrouped(aligned.a, aligned.b);
  const quantiles =
    `canary p95 ${millis(histogramQuantile(P95, canary.latencyBuckets))} vs stable ` +
    `${millis(histogramQuantile(P95, stable.latencyBuckets))}, P(canary slower)=${fixed(result.effectSize)}`;
  const base = { metric: 'latency' as const, pValue: result.pValue, effectSize: result.effectSize };
  const significant = result.pValue < thresholds.alpha;
  if (significant && result.effectSize >= thresholds.latency.minEffectSize) {
    return {
      ...base,
      status: 'FAIL',
      reason: `${quantiles}: a significant latency regression (p=${fixed(result.pValue)})`,
    };
  }
  const why = significant
    ? `significant (p=${fixed(result.pValue)}) but below the effect threshold of ${thresholds.latency.minEffectSize}`
    : `no significant slowdown (p=${fixed(result.pValue)})`;
  return { ...base, status: 'PASS', reason: `${quantiles}: ${why}` };
}

function percent(ratio: number): string {
  return `${(ratio * PERCENT).toFixed(2)}%`;
}

function fixed(value: number): string {
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}

function millis(seconds: number | null): string {
  return seconds === null ? 'n/a' : `${Math.round(seconds * MILLIS_PER_SECOND)} ms`;
}
