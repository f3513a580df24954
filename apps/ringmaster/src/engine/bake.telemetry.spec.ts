import { describe, expect, it } from '@jest/globals';
import type { BakeRing } from '../telemetry/bake.types.js';
import { BakeTelemetry, NO_BAKE_TELEMETRY, type RingBakeObserver } from './bake.telemetry.js';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const ring = (name: string, prometheusUrl: string | null = 'http://prom'): BakeRing => ({
  ring: name,
  bakeStartedAt: new Date(T0),
  targets: [{ environment: 'a', cluster: 'eu-1', namespace: 'a', rollouts: ['author'], prometheusUrl }],
});

/** Counts looks; rejects when told to. */
class CountingObserver implements RingBakeObserver {
  looks = 0;
  reject = false;
  async observe(r: BakeRing, now: Date) {
    this.looks++;
    if (this.reject) throw new Error('template error');
    return { ...(await NO_BAKE_TELEMETRY.observe(r, now)), unobserved: [], passed: new Set([`look-${this.looks}`]) };
  }
}

describe('BakeTelemetry', () => {
  it.each<[string, [string, number][], number]>([
    ['one look', [['cohort', T0]], 1],
    [
      'again within the interval: the last report',
      [
        ['cohort', T0],
        ['cohort', T0 + 4_999],
      ],
      1,
    ],
    [
      'again after the interval: a new look',
      [
        ['cohort', T0],
        ['cohort', T0 + 5_000],
      ],
      2,
    ],
    [
      'another ring within the interval: a new look',
      [
        ['cohort', T0],
        ['all', T0 + 1_000],
      ],
      2,
    ],
    [
      'a clock that went back: a new look',
      [
        ['cohort', T0],
        ['cohort', T0 - 1_000],
      ],
      2,
    ],
  ])('%s', async (_name, passes, looks) => {
    const observer = new CountingObserver();
    const telemetry = new BakeTelemetry(observer, 5_000);
    for (const [name, now] of passes) await telemetry.observe('t', ring(name), now);
    expect(observer.looks).toBe(looks);
  });

  it('never queries a ring whose targets have no Prometheus, nor a pass with nothing baking', async () => {
    const observer = new CountingObserver();
    const telemetry = new BakeTelemetry(observer, 5_000);
    expect(await telemetry.observe('t', ring('cohort', null), T0)).toBeUndefined();
    expect(await telemetry.observe('t', undefined, T0)).toBeUndefined();
    expect(observer.looks).toBe(0);
  });

  it('an observer that rejects counts as metrics unreachable and is kept for diagnosis', async () => {
    const observer = new CountingObserver();
    observer.reject = true;
    const telemetry = new BakeTelemetry(observer, 5_000);
    const report = await telemetry.observe('t', ring('cohort'), T0);
    expect(report).toMatchObject({ ring: 'cohort', metricsUnreachable: true });
    expect(report!.failures.size).toBe(0);
    expect((telemetry.lastError as Error).message).toBe('template error');
  });

  it('forget drops the kept report', async () => {
    const observer = new CountingObserver();
    const telemetry = new BakeTelemetry(observer, 5_000);
    await telemetry.observe('t', ring('cohort'), T0);
    telemetry.forget('t');
    await telemetry.observe('t', ring('cohort'), T0 + 1);
    expect(observer.looks).toBe(2);
  });
});
