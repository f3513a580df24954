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
