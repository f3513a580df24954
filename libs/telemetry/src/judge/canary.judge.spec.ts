import { describe, expect, it } from '@jest/globals';
import { judgeCanary } from './canary.judge.js';
import { FAST, role, sample, scale, SLOW } from './judge.fixtures.js';
import {
  DEFAULT_JUDGE_THRESHOLDS,
  type JudgeThresholds,
  type LatencyQuantiles,
  type RoleSample,
  type VerdictStatus,
} from './judge.types.js';

/** The bulk of FAST moved one bucket up, its tail (p95 at 250 ms, p99 at 500 ms) where it was. */
const BULK_SLOWER = [0, 400, 550, 40, 10, 0, 0];
/** BULK_SLOWER with the 40 requests of 250–500 ms moved up to 0.5–1 s: p95 unchanged, p99 doubled. */
const BULK_AND_P99_SLOWER = [0, 400, 550, 0, 40, 10, 0];
/** BULK_SLOWER with the top 2% past the highest finite bound (2.5 s): p99 in the +Inf bucket. */
const BULK_AND_P99_BEYOND = [0, 400, 550, 30, 0, 0, 20];

const q = (seconds: number, beyondHighestBound = false) => ({ seconds, beyondHighestBound });
const latencyWith = (minQuantileRatio: number): JudgeThresholds => ({
  ...DEFAULT_JUDGE_THRESHOLDS,
  latency: { ...DEFAULT_JUDGE_THRESHOLDS.latency, minQuantileRatio },
});

describe('judgeCanary', () => {
  it.each<[string, RoleSample, RoleSample, VerdictStatus, (string | null)[]]>([
    ['healthy canary', role(5000, 5), role(5000, 6), 'PASS', ['PASS', 'PASS']],
    ['error-rate regression', role(5000, 250), role(5000, 5), 'FAIL', ['FAIL', 'PASS']],
    ['latency regression', role(5000, 5, scale(SLOW, 5000)), role(5000, 5), 'FAIL', ['PASS', 'FAIL']],
    ['both regress', role(5000, 250, scale(SLOW, 5000)), role(5000, 5), 'FAIL', ['FAIL', 'FAIL']],
    // 3 errors against 0 is not significant at 1%: 0.5³ = 0.125
    ['a handful of errors on little traffic', role(300, 3), role(300, 0), 'PASS', ['PASS', 'PASS']],
    // highly significant, but +0.2 points is under the +0.5 point effect threshold
    ['significant but tiny error increase', role(200_000, 600), role(200_000, 200), 'PASS', ['PASS', 'PASS']],
    // the stable role serves faster: canary slower only by a hair (1 in 10 requests moved one bucket up)
    [
      'significant but tiny latency shift',
      role(100_000, 0, scale([190, 610, 150, 40, 10, 0, 0], 100_000)),
      role(100_000, 0, scale(FAST, 100_000)),
      'PASS',
      ['PASS', 'PASS'],
    ],
    ['canary faster than stable', role(5000, 5), role(5000, 5, scale(SLOW, 5000)), 'PASS', ['PASS', 'PASS']],
    // P(canary slower)=0.73, but p95 and p99 stay within 1.2× stable's: the tail the latency SLO is about held
    [
      'bulk slower, p95 and p99 unchanged',
      role(5000, 5, scale(BULK_SLOWER, 5000)),
      role(5000, 5),
      'PASS',
      ['PASS', 'PASS'],
    ],
    [
      'bulk slower, p95 unchanged, p99 doubled',
      role(5000, 5, scale(BULK_AND_P99_SLOWER, 5000)),
      role(5000, 5),
      'FAIL',
      ['PASS', 'FAIL'],
    ],
    [
      'bulk slower, p99 past the highest bucket bound',
      role(5000, 5, scale(BULK_AND_P99_BEYOND, 5000)),
      role(5000, 5),
      'FAIL',
      ['PASS', 'FAIL'],
    ],
    ['too little canary traffic', role(50, 50), role(5000, 5), 'INCONCLUSIVE', []],
    ['too little stable traffic', role(5000, 5), role(10, 0), 'INCONCLUSIVE', []],
    ['no traffic at all', role(0, 0, []), role(0, 0, []), 'INCONCLUSIVE', []],
    ['no latency histogram', role(5000, 5, []), role(5000, 5, []), 'INCONCLUSIVE', ['PASS', 'INCONCLUSIVE']],
    [
      'no latency histogram, but errors regress',
      role(5000, 250, []),
      role(5000, 5, []),
      'FAIL',
      ['FAIL', 'INCONCLUSIVE'],
    ],
  ])('%s → %s', (_name, canary, stable, status, metricStatuses) => {
    const verdict = judgeCanary(sample('acme-prod', canary, stable));
    expect(verdict.status).toBe(status);
    expect(verdict.metrics.map((metric) => metric.status)).toEqual(metricStatuses);
    expect(verdict.reasons.length).toBeGreaterThan(0);
  });

  it('never passes too little traffic, however clean', () => {
    const verdict = judgeCanary(sample('t', role(199, 0), role(100_000, 0)));
    expect(verdict).toEqual({
      status: 'INCONCLUSIVE',
      reasons: ['too little traffic to judge: 199 canary and 100000 stable requests, at least 200 each needed'],
      metrics: [],
    });
  });

  it('takes the minimum traffic from the thresholds', () => {
    const thresholds = {
      ...DEFAULT_JUDGE_THRESHOLDS,
      minRequests: 50,
      latency: { ...DEFAULT_JUDGE_THRESHOLDS.latency, minSamples: 50 },
    };
    expect(judgeCanary(sample('t', role(100, 0), role(100, 0)), thresholds).status).toBe('PASS');
    expect(judgeCanary(sample('t', role(100, 0), role(100, 0))).status).toBe('INCONCLUSIVE');
  });

  it.each([
    ['error ratio', role(200_000, 600), role(200_000, 200), 0],
    ['latency', role(100_000, 0, scale([190, 610, 150, 40, 10, 0, 0], 100_000)), role(100_000, 0), 1],
    ['latency bulk, tail unchanged', role(5000, 0, scale(BULK_SLOWER, 5000)), role(5000, 0), 1],
  ])('passes a significant %s difference below the effect threshold', (_name, canary, stable, index) => {
    const metric = judgeCanary(sample('t', canary, stable)).metrics[index];
    expect(metric.pValue).toBeLessThan(DEFAULT_JUDGE_THRESHOLDS.alpha);
    expect(metric.status).toBe('PASS');
    expect(metric.reason).toMatch(/below the effect threshold/);
  });

  it('explains a regression in its reasons', () => {
    const verdict = judgeCanary(sample('t', role(5000, 250, scale(SLOW, 5000)), role(5000, 5, scale(FAST, 5000))));
    expect(verdict.reasons[0]).toMatch(/^canary error ratio 5\.00% vs stable 0\.10%: a significant regression/);
    expect(verdict.reasons[1]).toMatch(
      /^canary p95 813 ms vs stable 250 ms, p99 1750 ms vs 500 ms, P\(canary slower\)=0\.880: a significant latency regression/,
    );
  });

  // FAST per 5000: cumulative 1000, 4000, 4750, 4950, 5000 → p95 at 250 ms, p99 at 500 ms (bucket bounds);
  // SLOW per 5000: 100, 500, 2500, 4500, 4900, 5000 → p95 0.5 + 0.5 × 250/400, p99 1 + 1.5 × 50/100
  it.each<[string, RoleSample, RoleSample, LatencyQuantiles]>([
    [
      'a regression',
      role(5000, 0, scale(SLOW, 5000)),
      role(5000, 0),
      { canary: { p95: q(0.8125), p99: q(1.75) }, stable: { p95: q(0.25), p99: q(0.5) } },
    ],
    [
      'p99 doubled alone',
      role(5000, 0, scale(BULK_AND_P99_SLOWER, 5000)),
      role(5000, 0),
      { canary: { p95: q(0.25), p99: q(1) }, stable: { p95: q(0.25), p99: q(0.5) } },
    ],
    [
      'a canary p99 past the highest bound',
      role(5000, 0, scale(BULK_AND_P99_BEYOND, 5000)),
      role(5000, 0),
      { canary: { p95: q(0.25), p99: q(2.5, true) }, stable: { p95: q(0.25), p99: q(0.5) } },
    ],
    [
      'a passing canary',
      role(5000, 0),
      role(5000, 0),
      { canary: { p95: q(0.25), p99: q(0.5) }, stable: { p95: q(0.25), p99: q(0.5) } },
    ],
  ])('reports canary and stable p95 and p99 from the buckets: %s', (_name, canary, stable, quantiles) => {
    const latency = judgeCanary(sample('t', canary, stable)).metrics[1];
    expect(latency.quantiles).toEqual(quantiles);
  });

  it.each([
    ['regression', role(5000, 0, scale(SLOW, 5000)), 'canary p95 813 ms vs stable 250 ms, p99 1750 ms vs 500 ms'],
    [
      'p99 beyond',
      role(5000, 0, scale(BULK_AND_P99_BEYOND, 5000)),
      'canary p95 250 ms vs stable 250 ms, p99 > 2500 ms vs 500 ms',
    ],
  ])('states p95 and p99 of both roles in the latency evidence: %s', (_name, canary, expected) => {
    expect(
      judgeCanary(sample('t', canary, role(5000, 0))).reasons[1].startsWith(`${expected}, P(canary slower)=`),
    ).toBe(true);
  });

  it('leaves quantiles out of a latency verdict that was not judged', () => {
    const latency = judgeCanary(sample('t', role(5000, 0, []), role(5000, 0, []))).metrics[1];
    expect(latency.status).toBe('INCONCLUSIVE');
    expect(latency).not.toHaveProperty('quantiles');
  });

  // SLOW against FAST: p95 3.25×, p99 3.5× stable's; BULK_AND_P99_SLOWER: p95 1×, p99 2×
  it.each<[string, VerdictStatus, number[], number, RegExp]>([
    ['p95 and p99 over the ratio', 'FAIL', SLOW, 3, /a significant latency regression/],
    ['only p99 over the ratio', 'FAIL', SLOW, 3.4, /a significant latency regression/],
    ['p99 exactly at the ratio is tolerated', 'PASS', SLOW, 3.5, /neither p95 nor p99 over 3\.5× stable's/],
    ['neither over the ratio', 'PASS', SLOW, 4, /below the effect threshold: neither p95 nor p99 over 4× stable's/],
    ['p99 decides when p95 has not moved', 'FAIL', BULK_AND_P99_SLOWER, 1.9, /a significant latency regression/],
    ['p99 within the ratio', 'PASS', BULK_AND_P99_SLOWER, 2, /neither p95 nor p99 over 2× stable's/],
    ['a ratio of 1: any tail increase', 'FAIL', BULK_AND_P99_SLOWER, 1, /a significant latency regression/],
    ['a ratio of 1 and no tail increase', 'PASS', BULK_SLOWER, 1, /neither p95 nor p99 over 1× stable's/],
    ['past the highest bound counts as over any ratio', 'FAIL', BULK_AND_P99_BEYOND, 100, /p99 > 2500 ms vs 500 ms/],
  ])('minQuantileRatio: %s → %s', (_name, status, shape, ratio, reason) => {
    const latency = judgeCanary(sample('t', role(5000, 0, scale(shape, 5000)), role(5000, 0)), latencyWith(ratio))
      .metrics[1];
    expect(latency.pValue).toBeLessThan(DEFAULT_JUDGE_THRESHOLDS.alpha);
    expect(latency.effectSize).toBeGreaterThanOrEqual(DEFAULT_JUDGE_THRESHOLDS.latency.minEffectSize);
    expect(latency.status).toBe(status);
    expect(latency.reason).toMatch(reason);
  });
});
