import { describe, expect, it } from '@jest/globals';
import { judgeCanary } from './canary.judge.js';
import { FAST, role, sample, scale, SLOW } from './judge.fixtures.js';
import { DEFAULT_JUDGE_THRESHOLDS, type RoleSample, type VerdictStatus } from './judge.types.js';

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
      latency: { minSamples: 50, minEffectSize: 0.6 },
    };
    expect(judgeCanary(sample('t', role(100, 0), role(100, 0)), thresholds).status).toBe('PASS');
    expect(judgeCanary(sample('t', role(100, 0), role(100, 0))).status).toBe('INCONCLUSIVE');
  });

  it.each([
    ['error ratio', role(200_000, 600), role(200_000, 200), 0],
    ['latency', role(100_000, 0, scale([190, 610, 150, 40, 10, 0, 0], 100_000)), role(100_000, 0), 1],
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
      /^canary p95 \d+ ms vs stable \d+ ms, P\(canary slower\)=0\.\d+: a significant latency regression/,
    );
  });
});
