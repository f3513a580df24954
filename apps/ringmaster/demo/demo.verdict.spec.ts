import { describe, expect, it } from '@jest/globals';
import { attributionLines, judgeDemo } from './demo.verdict.js';
import type { Followed } from './train.follower.js';
import type { AttributionView, RingView } from './train.queries.js';

const ring = (name: string, status: string, c: { healthy?: number; rolledBack?: number; total: number }): RingView => ({
  name,
  status,
  startedAt: null,
  bakeEndsAt: null,
  targetCounts: { pending: 0, deploying: 0, failed: 0, excluded: 0, healthy: 0, rolledBack: 0, ...c },
});
const followed = (
  status: string,
  rings: RingView[],
  extra: { haltReason?: string; timedOut?: boolean } = {},
): Followed => ({
  train: {
    id: 't',
    releaseVersion: '2026.49.x',
    status,
    currentRing: null,
    haltReason: extra.haltReason ?? null,
    rings,
  },
  elapsedMs: 61_000,
  timedOut: extra.timedOut ?? false,
});

const completed = followed('COMPLETED', [
  ring('a', 'PASSED', { healthy: 2, total: 2 }),
  ring('b', 'PASSED', { healthy: 5, total: 5 }),
]);
const rolledBackEarly = followed(
  'ROLLED_BACK',
  [ring('a', 'ROLLED_BACK', { rolledBack: 2, total: 2 }), ring('b', 'PENDING', { total: 5 })],
  { haltReason: 'budget of ring a exhausted' },
);

describe('judgeDemo', () => {
  it.each<[string, Followed | undefined, Followed | undefined, boolean, RegExp]>([
    [
      'both trains as promised',
      completed,
      rolledBackEarly,
      true,
      /HALTED in ring a and ROLLED_BACK in 1:01 — 5 environments never got it/,
    ],
    [
      'the good train is still running when time ran out',
      followed('RUNNING', [], { timedOut: true }),
      rolledBackEarly,
      false,
      /expected COMPLETED, got RUNNING \(still so after 1:01\)/,
    ],
    [
      'the good train was rolled back',
      followed('ROLLED_BACK', [], { haltReason: 'x' }),
      rolledBackEarly,
      false,
      /expected COMPLETED, got ROLLED_BACK: x/,
    ],
    ['the bad train completed', completed, completed, false, /expected a halt and ROLLED_BACK, got COMPLETED/],
    [
      'the bad train only halted',
      completed,
      followed('HALTED', [ring('a', 'FAILED', { total: 2 })], { haltReason: 'x' }),
      false,
      /got HALTED: x/,
    ],
    [
      'the bad train reached the last ring before it was stopped',
      completed,
      followed('ROLLED_BACK', [ring('a', 'ROLLED_BACK', { total: 2 }), ring('b', 'ROLLED_BACK', { total: 5 })], {
        haltReason: 'x',
      }),
      false,
      /not stopped before the last ring/,
    ],
    ['no bad train', completed, undefined, false, /bad release: no train/],
  ])('%s', (_name, good, bad, ok, line) => {
    const verdict = judgeDemo(good, bad);
    expect(verdict.ok).toBe(ok);
    expect(verdict.lines.join('\n')).toMatch(line);
  });

  it('says how many environments the good release reached', () => {
    expect(judgeDemo(completed, rolledBackEarly).lines[0]).toBe(
      'good release 2026.49.x: COMPLETED in 1:01 — 7 environments on it, ring by ring',
    );
  });
});

describe('attributionLines', () => {
  const attribution = (environment: string, cause: string): AttributionView => ({
    environment,
    ring: 'internal',
    cause,
    confidence: 0.954,
    evidence: ['Signature: a crash loop.', 'Spread: 6 target(s) in 3 tenants.'],
    signature: 'CRASH_LOOP',
  });

  it('shows the first ones with cause, confidence and evidence, and counts the rest by cause', () => {
    const lines = attributionLines([
      attribution('e1', 'RELEASE'),
      attribution('e2', 'RELEASE'),
      attribution('e3', 'RELEASE'),
      attribution('e4', 'UNKNOWN'),
    ]);
    expect(lines).toEqual([
      'e1 (ring internal): RELEASE, confidence 0.95, signature CRASH_LOOP',
      '    - Signature: a crash loop.',
      '    - Spread: 6 target(s) in 3 tenants.',
      'e2 (ring internal): RELEASE, confidence 0.95, signature CRASH_LOOP',
      '    - Signature: a crash loop.',
      '    - Spread: 6 target(s) in 3 tenants.',
      '… and 2 more: 1 RELEASE, 1 UNKNOWN',
    ]);
  });

  it('says when there is none', () => {
    expect(attributionLines([])).toEqual(['no attribution recorded']);
  });
});
