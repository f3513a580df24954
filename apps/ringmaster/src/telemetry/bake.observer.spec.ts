import { describe, expect, it } from '@jest/globals';
import { BakeObserver } from './bake.observer.js';

describe('BakeObserver.windowOf', () => {
  const start = new Date('2026-12-02T10:00:00Z');
  it.each([
    ['just started: the minimum window', 0, 60, '60s'],
    ['shorter than the minimum', 30_000, 60, '60s'],
    ['longer than the minimum: the whole bake', 600_000, 60, '600s'],
    ['a partial second rounds up', 90_500, 60, '91s'],
    ['a small minimum (tests)', 2_000, 5, '5s'],
  ])('%s', (_name, elapsedMs, minWindowSeconds, expected) => {
    const observer = new BakeObserver({ minWindowSeconds });
    expect(observer.windowOf(start, new Date(start.getTime() + elapsedMs))).toBe(expected);
  });
});

/** What a fake Prometheus serves per role, now and at the baseline time: [requests, 5xx], or down. */
interface Served {
  now: { canary: [number, number]; stable: [number, number] } | 'down';
  before: { stable: [number, number] } | 'down';
}

/** A hand-written InstantQuerier: answers the default templates' request and 5xx counts (no latency histogram). */
function fakePrometheus(served: Served, baselineAt: Date, queries: string[]) {
  const vector = (v: number) => ({
    resultType: 'vector' as const,
    result: [{ metric: {}, value: [0, String(v)] as [number, string] }],
  });
  return {
    async query(promql: string, options: { time?: Date } = {}) {
      queries.push(promql);
      const atBaseline = options.time?.getTime() === baselineAt.getTime();
      const side = atBaseline ? served.before : served.now;
      if (side === 'down') return { ok: false as const, kind: 'unreachable' as const, message: 'connection refused' };
      const role = /role="(canary|stable)"/.exec(promql)![1] as 'canary' | 'stable';
      const counts = (side as Record<string, [number, number] | undefined>)[role] ?? [0, 0];
      if (promql.includes('_bucket')) return { ok: true as const, data: { resultType: 'vector' as const, result: [] } };
      return { ok: true as const, data: vector(promql.includes('code=~') ? counts[1] : counts[0]) };
    },
  };
}

describe('BakeObserver before/after (every target fully promoted)', () => {
  const startedAt = new Date('2026-12-02T10:00:00Z');
  const bakeStartedAt = new Date(startedAt.getTime() + 60_000);
  const ring = {
    ring: 'cohort',
    bakeStartedAt,
    baselineAt: startedAt,
    targets: [{ environment: 'e', cluster: 'eu-1', namespace: 'e', rollouts: ['author'], prometheusUrl: 'http://p' }],
  };
  const later = new Date(bakeStartedAt.getTime() + 120_000);

  it.each<[string, Served, Date, object]>([
    [
      'the release serves far more errors than the old release did: ERROR_RATE_REGRESSION',
      { now: { canary: [0, 0], stable: [5_000, 1_000] }, before: { stable: [5_000, 50] } },
      later,
      { metricsUnreachable: false, failed: ['e'], passed: [], undecided: false },
    ],
    [
      'too few requests now and before: INCONCLUSIVE, undecided (never a pass)',
      { now: { canary: [0, 0], stable: [100, 0] }, before: { stable: [100, 0] } },
      later,
      { metricsUnreachable: false, failed: [], passed: [], undecided: true },
    ],
    [
      'enough requests now but too few before the ring started: undecided',
      { now: { canary: [0, 0], stable: [5_000, 50] }, before: { stable: [100, 1] } },
      later,
      { metricsUnreachable: false, failed: [], passed: [], undecided: true },
    ],
    [
      'leftover canary traffic counts as the release',
      { now: { canary: [2_500, 500], stable: [2_500, 500] }, before: { stable: [5_000, 50] } },
      later,
      { metricsUnreachable: false, failed: ['e'], passed: [] },
    ],
    [
      'the same error ratio as before: not failed',
      { now: { canary: [0, 0], stable: [5_000, 50] }, before: { stable: [5_000, 50] } },
      later,
      { metricsUnreachable: false, failed: [] },
    ],
    [
      'no request at all now: silent, the clock stops',
      { now: { canary: [0, 0], stable: [0, 0] }, before: { stable: [5_000, 50] } },
      later,
      { metricsUnreachable: true, failed: [], silent: ['e'] },
    ],
    [
      'Prometheus down now: unreachable, nothing fails',
      { now: 'down', before: { stable: [5_000, 50] } },
      later,
      { metricsUnreachable: true, failed: [] },
    ],
    [
      'the baseline cannot be read: unreachable, nothing fails',
      { now: { canary: [0, 0], stable: [5_000, 1_000] }, before: 'down' },
      later,
      { metricsUnreachable: true, failed: [] },
    ],
  ])('%s', async (_name, served, now, expected) => {
    const queries: string[] = [];
    const observer = new BakeObserver({
      minWindowSeconds: 60,
      clientFor: () => fakePrometheus(served, startedAt, queries),
    });
    const report = await observer.observe(ring, now);
    expect({
      metricsUnreachable: report.metricsUnreachable,
      failed: [...report.failures.keys()],
      ...('passed' in expected ? { passed: [...report.passed] } : {}),
      ...('silent' in expected ? { silent: report.silent } : {}),
      ...('undecided' in expected ? { undecided: report.undecided } : {}),
    }).toEqual(expected);
    if (report.failures.size > 0) expect(report.failures.get('e')!.signature).toBe('ERROR_RATE_REGRESSION');
    expect(queries.length).toBeGreaterThan(0);
  });

  it('judges nothing and queries nothing until the bake has run a whole minimum window', async () => {
    const queries: string[] = [];
    const served: Served = { now: 'down', before: 'down' };
    const observer = new BakeObserver({
      minWindowSeconds: 60,
      clientFor: () => fakePrometheus(served, startedAt, queries),
    });
    const report = await observer.observe(ring, new Date(bakeStartedAt.getTime() + 59_000));
    expect(report).toMatchObject({ tooEarly: true, undecided: true, metricsUnreachable: false, unobserved: ['e'] });
    expect(report.failures.size).toBe(0);
    expect(queries).toEqual([]);
  });
});
