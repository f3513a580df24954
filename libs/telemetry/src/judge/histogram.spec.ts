import { describe, expect, it } from '@jest/globals';
import { alignBuckets, histogramQuantile, histogramTotal, quantileEstimate, sumHistograms } from './histogram.js';

const h = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

describe('alignBuckets', () => {
  it('turns cumulative counts into per-bucket counts over the union of bounds', () => {
    const a = h([
      [0.1, 10],
      [0.5, 30],
      [Infinity, 31],
    ]);
    const b = h([
      [0.1, 5],
      [0.25, 9],
      [Infinity, 12],
    ]);
    expect(alignBuckets(a, b)).toEqual({ bounds: [0.1, 0.25, 0.5, Infinity], a: [10, 0, 20, 1], b: [5, 4, 0, 3] });
  });

  it('rounds extrapolated counts and never goes negative', () => {
    const a = h([
      [0.1, 10.4],
      [0.5, 9.8],
      [Infinity, 12.6],
    ]);
    expect(alignBuckets(a, []).a).toEqual([10, 0, 3]);
  });
});

describe('histogramQuantile', () => {
  const buckets = h([
    [0.1, 50],
    [0.2, 90],
    [0.4, 100],
    [Infinity, 100],
  ]);
  it.each([
    ['the median, inside the first bucket', 0.5, 0.1],
    ['p70, interpolated in the second', 0.7, 0.15],
    ['p95, interpolated in the third', 0.95, 0.3],
  ])('%s', (_name, q, expected) => {
    expect(histogramQuantile(q, buckets)).toBeCloseTo(expected, 12);
  });

  it('returns the highest finite bound for a quantile in +Inf, and null when empty', () => {
    expect(
      histogramQuantile(
        0.99,
        h([
          [0.1, 1],
          [Infinity, 100],
        ]),
      ),
    ).toBe(0.1);
    expect(histogramQuantile(0.5, [])).toBeNull();
  });
});

describe('quantileEstimate', () => {
  const buckets = h([
    [0.1, 50],
    [0.2, 90],
    [0.4, 98],
    [Infinity, 100],
  ]);
  it.each([
    ['p50, inside the first bucket', 0.5, 0.1, false],
    ['p95, interpolated in the third', 0.95, 0.2 + (0.2 * 5) / 8, false],
    ['p98, at the highest finite bound', 0.98, 0.4, false],
    ['p99, in +Inf: the highest finite bound, beyond it', 0.99, 0.4, true],
  ])('%s', (_name, q, seconds, beyondHighestBound) => {
    const estimate = quantileEstimate(q, buckets);
    expect(estimate?.beyondHighestBound).toBe(beyondHighestBound);
    expect(estimate?.seconds).toBeCloseTo(seconds, 12);
    expect(histogramQuantile(q, buckets)).toBe(estimate?.seconds);
  });

  it('is null for an empty histogram', () => {
    expect(quantileEstimate(0.99, [])).toBeNull();
    expect(quantileEstimate(0.99, h([[0.1, 0]]))).toBeNull();
  });

  it('is beyond the highest bound when rounded counts never reach the rank (no +Inf bucket)', () => {
    // the total rounds 99.6 up to 100: p99.9 ranks at 99.9, past every bucket
    expect(quantileEstimate(0.999, h([[0.5, 99.6]]))).toEqual({ seconds: 0.5, beyondHighestBound: true });
  });
});

describe('sumHistograms and histogramTotal', () => {
  it('adds histograms bucket by bucket, carrying a missing bound from below', () => {
    const sum = sumHistograms([
      h([
        [0.1, 1],
        [Infinity, 2],
      ]),
      h([
        [0.1, 3],
        [0.5, 4],
        [Infinity, 5],
      ]),
    ]);
    expect(sum).toEqual(
      h([
        [0.1, 4],
        [0.5, 5],
        [Infinity, 7],
      ]),
    );
    expect(histogramTotal(sum)).toBe(7);
  });
});
