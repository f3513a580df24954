import { describe, expect, it } from '@jest/globals';
import { barCells, clock, eventLine, ringLine, trainLine } from './progress.render.js';
import type { RingView, TargetCounts, TrainView } from './train.queries.js';

const counts = (c: Partial<TargetCounts>): TargetCounts => ({
  total: 0,
  pending: 0,
  deploying: 0,
  healthy: 0,
  failed: 0,
  excluded: 0,
  rolledBack: 0,
  ...c,
});
const ring = (status: string, c: Partial<TargetCounts>, bakeEndsAt: string | null = null): RingView => ({
  name: 'eu',
  status,
  startedAt: null,
  bakeEndsAt,
  targetCounts: counts(c),
});
const plain = { color: false, live: false };
const live = { color: false, live: true };

describe('barCells', () => {
  it.each<[string, Partial<TargetCounts>, Record<string, number>]>([
    ['an empty ring is all pending', {}, { pending: 30 }],
    ['all healthy', { total: 6, healthy: 6 }, { healthy: 30 }],
    ['half and half', { total: 10, healthy: 5, pending: 5 }, { healthy: 15, pending: 15 }],
    [
      'thirds add up to the width',
      { total: 3, healthy: 1, deploying: 1, pending: 1 },
      { healthy: 10, deploying: 10, pending: 10 },
    ],
    ['one failure among many still shows', { total: 300, healthy: 299, failed: 1 }, { healthy: 29, failed: 1 }],
    ['rolled back and pending', { total: 4, rolledBack: 3, pending: 1 }, { rolledBack: 23, pending: 7 }],
  ])('%s', (_name, c, expected) => {
    const cells = barCells(counts(c), 30);
    expect(Object.values(cells).reduce((a, b) => a + b, 0)).toBe(30);
    expect(Object.fromEntries(Object.entries(cells).filter(([, n]) => n > 0))).toEqual(expected);
  });

  it('never loses the width when many small states each take their one cell', () => {
    const cells = barCells(
      counts({ total: 1000, healthy: 995, failed: 1, deploying: 1, excluded: 1, rolledBack: 1, pending: 1 }),
      8,
    );
    expect(Object.values(cells).reduce((a, b) => a + b, 0)).toBe(8);
    expect(cells.failed).toBe(1);
  });
});

describe('ringLine', () => {
  it.each<[string, RingView, typeof plain, string]>([
    [
      'pending',
      ring('PENDING', { total: 98, pending: 98 }),
      plain,
      `  eu         [${'.'.repeat(30)}]      0/98  PENDING`,
    ],
    [
      'deploying: settled count and the states that have targets',
      ring('DEPLOYING', { total: 10, healthy: 4, deploying: 6 }),
      plain,
      `  eu         [${'#'.repeat(12)}${'~'.repeat(18)}]      4/10  DEPLOYING          healthy 4 · deploying 6`,
    ],
    [
      'baking shows no countdown in plain output',
      ring('BAKING', { total: 2, healthy: 2 }, '2026-12-02T10:00:05Z'),
      plain,
      `  eu         [${'#'.repeat(30)}]       2/2  BAKING             healthy 2`,
    ],
    [
      'baking counts down when live',
      ring('BAKING', { total: 2, healthy: 2 }, '2026-12-02T10:00:05Z'),
      live,
      `  eu         [${'#'.repeat(30)}]       2/2  BAKING 4s          healthy 2`,
    ],
  ])('%s', (_name, r, style, expected) => {
    expect(ringLine(r, style, Date.parse('2026-12-02T10:00:01Z'))).toBe(expected);
  });

  it('paints in colour with blocks on a colour terminal', () => {
    const line = ringLine(ring('FAILED', { total: 1, failed: 1 }), { color: true, live: true });
    expect(line).toContain(`\x1b[31m${'█'.repeat(30)}\x1b[0m`);
    // eslint-disable-next-line no-control-regex
    expect(line.replace(/\x1b\[[0-9;]*m/g, '')).not.toContain('[');
  });
});

describe('trainLine', () => {
  const train = { releaseVersion: '2026.49.0', status: 'RUNNING', currentRing: 'eu' } as TrainView;
  it.each([
    ['plain: no clock, so the line changes only with the train', plain, 'train 2026.49.0  RUNNING · ring eu'],
    ['live: with the time since the start', live, 'train 2026.49.0  RUNNING · ring eu · 1:05'],
  ])('%s', (_name, style, expected) => {
    expect(trainLine(train, 65_000, style)).toBe(expected);
  });
});

describe('eventLine', () => {
  it('shows the time the event occurred, its type and message', () => {
    const line = eventLine(
      { type: 'RING_PASSED', message: 'ring eu passed', occurredAt: '2026-12-02T10:11:12.345Z' },
      plain,
    );
    expect(line).toBe('10:11:12 RING_PASSED            ring eu passed');
  });

  it.each([
    ['TRAIN_HALTED', '\x1b[31m'],
    ['TARGET_FAILED', '\x1b[31m'],
    ['TRAIN_COMPLETED', '\x1b[32m'],
  ])('colours %s', (type, color) => {
    expect(eventLine({ type, message: 'm' }, { color: true, live: true })).toContain(`${color}${type}`);
  });
});

describe('clock', () => {
  it.each([
    [0, '0:00'],
    [59_999, '0:59'],
    [61_000, '1:01'],
    [600_000, '10:00'],
  ])('%i ms is %s', (ms, text) => {
    expect(clock(ms)).toBe(text);
  });
});
