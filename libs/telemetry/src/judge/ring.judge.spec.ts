import { describe, expect, it } from '@jest/globals';
import { role, sample, scale, SLOW } from './judge.fixtures.js';
import type { TargetObservation } from './judge.types.js';
import { judgeRing, poolLowTraffic } from './ring.judge.js';

const observed = (target: string, canary = role(5000, 5), stable = role(5000, 5)): TargetObservation => ({
  target,
  status: 'OBSERVED',
  sample: sample(target, canary, stable),
});

describe('poolLowTraffic', () => {
  it('sums the low-traffic targets and leaves the others alone', () => {
    const busy = sample('busy', role(5000, 5), role(5000, 5));
    const a = sample('a', role(100, 1, [100]), role(120, 0, [120]));
    const b = sample('b', role(150, 2, [0, 150]), role(90, 1, [90]));
    const { individual, pooled, pooledTargets } = poolLowTraffic([busy, a, b], 200);
    expect(individual).toEqual([busy]);
    expect(pooledTargets).toEqual(['a', 'b']);
    expect(pooled?.target).toBe('a+b');
    expect(pooled?.canary).toMatchObject({ requests: 250, errors: 3 });
    expect(pooled?.stable).toMatchObject({ requests: 210, errors: 1 });
    expect(pooled?.canary.latencyBuckets.slice(0, 2)).toEqual([
      { le: 0.05, count: 100 },
      { le: 0.1, count: 250 },
    ]);
  });

  it('pools nothing when every target has enough traffic', () => {
    expect(poolLowTraffic([sample('busy', role(5000, 5), role(5000, 5))], 200)).toMatchObject({
      pooled: null,
      pooledTargets: [],
    });
  });
});

describe('judgeRing', () => {
  it.each<[string, TargetObservation[], Record<string, [string, boolean]>]>([
    [
      'a busy healthy target and a busy failing one',
      [observed('ok'), observed('bad', role(5000, 400))],
      { ok: ['PASS', false], bad: ['FAIL', false] },
    ],
    [
      'low-traffic targets that fail together',
      [
        observed('s1', role(80, 8, scale(SLOW, 80)), role(80, 0)),
        observed('s2', role(90, 9, scale(SLOW, 90)), role(90, 0)),
        observed('s3', role(70, 7, scale(SLOW, 70)), role(70, 0)),
      ],
      { s1: ['FAIL', true], s2: ['FAIL', true], s3: ['FAIL', true] },
    ],
    [
      'low-traffic targets that are healthy together',
      [
        observed('s1', role(80, 0), role(80, 0)),
        observed('s2', role(90, 0), role(90, 0)),
        observed('s3', role(70, 0), role(70, 0)),
      ],
      { s1: ['PASS', true], s2: ['PASS', true], s3: ['PASS', true] },
    ],
    [
      'one low-traffic target: still too little',
      [observed('s1', role(80, 0), role(80, 0))],
      { s1: ['INCONCLUSIVE', true] },
    ],
    [
      'a target whose metrics backend is down',
      [
        observed('ok'),
        { target: 'dark', status: 'OBSERVER_UNAVAILABLE', reason: 'unreachable: ECONNREFUSED', retryable: true },
      ],
      { ok: ['PASS', false], dark: ['OBSERVER_UNAVAILABLE', false] },
    ],
  ])('%s', (_name, observations, expected) => {
    const verdicts = judgeRing(observations);
    expect(verdicts.map((v) => v.target)).toEqual(observations.map((o) => o.target));
    expect(Object.fromEntries(verdicts.map((v) => [v.target, [v.verdict.status, v.pooled]]))).toEqual(expected);
  });

  it("gives each pool member the pool's latency quantiles, from the summed buckets", () => {
    // SLOW per 100 → cumulative 2, 10, 50, 90, 98, 100: p95 0.5 + 0.5 × 5/8, p99 1 + 1.5 × 1/2 (FAST: 250 and 500 ms)
    const verdicts = judgeRing([
      observed('s1', role(100, 0, scale(SLOW, 100)), role(100, 0)),
      observed('s2', role(100, 0, scale(SLOW, 100)), role(100, 0)),
    ]);
    const q = (seconds: number) => ({ seconds, beyondHighestBound: false });
    for (const { verdict } of verdicts) {
      expect(verdict.status).toBe('FAIL');
      expect(verdict.metrics[1].quantiles).toEqual({
        canary: { p95: q(0.8125), p99: q(1.75) },
        stable: { p95: q(0.25), p99: q(0.5) },
      });
    }
  });

  it('says a pooled verdict was pooled and an unavailable observer why', () => {
    const [pooled, dark] = judgeRing([
      observed('s1', role(80, 0), role(80, 0)),
      { target: 'dark', status: 'OBSERVER_UNAVAILABLE', reason: 'timeout: no answer', retryable: true },
    ]);
    expect(pooled.verdict.reasons[0]).toBe("judged with the ring's 1 low-traffic target(s) pooled");
    expect(dark.verdict).toEqual({
      status: 'OBSERVER_UNAVAILABLE',
      reasons: ['metrics backend unavailable, nothing judged: timeout: no answer'],
      metrics: [],
    });
  });
});
