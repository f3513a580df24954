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
    ['maxLatencyRatio has no counterpart in the judge', { maxLatencyRatio: 2 }, d],
  ])('%s', (_name, analysis, expected) => {
    expect(judgeThresholdsOf(analysis)).toEqual(expected);
  });
});
