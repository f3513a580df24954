import { decideRetry, parseRetryAfter, type RetryPolicy } from './retry.policy.js';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, deadAfterMs: 3_600_000 };
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);

describe('decideRetry', () => {
  it.each([
    { name: 'first failure, no jitter draw', attempts: 1, now: 0, random: 0, expect: 500 },
    { name: 'first failure, max jitter', attempts: 1, now: 0, random: 0.999999, expect: 1000 },
    { name: 'third failure doubles twice', attempts: 3, now: 0, random: 1, expect: 4000 },
    { name: 'capped at maxDelay', attempts: 20, now: 0, random: 1, expect: 60_000 },
    { name: 'retry-after wins when longer', attempts: 1, now: 0, random: 1, retryAfterMs: 30_000, expect: 30_000 },
    {
      name: 'backoff wins when longer than retry-after',
      attempts: 5,
      now: 0,
      random: 1,
      retryAfterMs: 10,
      expect: 16_000,
    },
  ])('$name', ({ attempts, now, random, retryAfterMs, expect: delay }) => {
    const decision = decideRetry({ attempts, createdAt: t0, now: at(now), random, retryAfterMs }, policy);
    expect(decision).toEqual({ kind: 'retry', at: at(now + Math.round(delay)) });
  });

  it.each([
    { name: 'past the horizon', attempts: 10, now: 3_599_000, terminal: false },
    { name: 'retry-after past the horizon', attempts: 1, now: 0, terminal: false, retryAfterMs: 3_600_001 },
    { name: 'terminal failure', attempts: 1, now: 0, terminal: true },
  ])('dead: $name', ({ attempts, now, terminal, retryAfterMs }) => {
    const decision = decideRetry({ attempts, createdAt: t0, now: at(now), random: 1, terminal, retryAfterMs }, policy);
    expect(decision.kind).toBe('dead');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    { header: undefined, expected: undefined },
    { header: '', expected: undefined },
    { header: '7', expected: 7000 },
    { header: 'Thu, 01 Jan 2026 00:00:30 GMT', expected: 30_000 },
    { header: 'Wed, 31 Dec 2025 23:00:00 GMT', expected: 0 },
    { header: 'soon', expected: undefined },
  ])('$header → $expected', ({ header, expected }) => {
    expect(parseRetryAfter(header, t0)).toBe(expected);
  });
});
