import { describe, expect, it } from '@jest/globals';
import type { AnalysisThresholds } from '@ringmaster/domain';
import { DEFAULT_JUDGE_THRESHOLDS } from '@ringmaster/telemetry';
import { judgeThresholdsOf } from './bake.thresholds.js';

describe('judgeThresholdsOf', () => {
  const d = DEFAULT_JUDGE_THRESHOLDS;
  it.each<[string, AnalysisThresholds | undefined, object]>([
    ['no analysis: the defaults', undefined, d],
    ['an empty analysis: the defaults', {}, d],
    [
      'minRequests gates error rate and latency',
      { minRequests: 50 },
      { ...d, minRequests: 50, latency: { ...d.latency, minSamples: 50 } },
    ],
    [
      'maxErrorRatioIncrease is the tolerated absolute increase',
      { maxErrorRatioIncrease: 0.02 },
      { ...d, errorRate: { ...d.errorRate, minAbsoluteIncrease: 0.02 } },
    ],
    [
      'maxLatencyRatio is the tolerated p95/p99 ratio',
      { maxLatencyRatio: 2 },
      { ...d, latency: { ...d.latency, minQuantileRatio: 2 } },
    ],
    [
      'all three at once',
      { minRequests: 500, maxErrorRatioIncrease: 0.01, maxLatencyRatio: 1.5 },
      {
        ...d,
        minRequests: 500,
        errorRate: { ...d.errorRate, minAbsoluteIncrease: 0.01 },
        latency: { ...d.latency, minSamples: 500, minQuantileRatio: 1.5 },
      },
    ],
  ])('%s', (_name, analysis, expected) => {
    expect(judgeThresholdsOf(analysis)).toEqual(expected);
  });
});
