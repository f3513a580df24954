import type { AnalysisThresholds } from '@ringmaster/domain';
import { DEFAULT_JUDGE_THRESHOLDS, type JudgeThresholds } from '@ringmaster/telemetry';

/**
 * The telemetry judge's thresholds from a ring's analysis thresholds (RingPolicy.analysis), defaults for the rest.
 * `minRequests` gates both the error-rate and the latency verdict; `maxErrorRatioIncrease` is the canary's tolerated
 * absolute error-ratio increase over stable; `maxLatencyRatio` the tolerated ratio of the canary's tail latency to
 * stable's: a latency failure needs the canary's p95 or p99 above it (besides a significant, large rank shift). Pure.
 */
export function judgeThresholdsOf(analysis: AnalysisThresholds | undefined): JudgeThresholds {
  const base = DEFAULT_JUDGE_THRESHOLDS;
  const minRequests = analysis?.minRequests ?? base.minRequests;
  return {
    ...base,
    minRequests,
    errorRate: {
      ...base.errorRate,
      minAbsoluteIncrease: analysis?.maxErrorRatioIncrease ?? base.errorRate.minAbsoluteIncrease,
    },
    latency: {
      ...base.latency,
      minSamples: analysis?.minRequests ?? base.latency.minSamples,
      minQuantileRatio: analysis?.maxLatencyRatio ?? base.latency.minQuantileRatio,
    },
  };
}
