import { describe, expect, it } from '@jest/globals';
import { mannWhitneyGrouped, mannWhitneyU } from './mann-whitney.stat.js';

describe('mannWhitneyU', () => {
  // SciPy's documented example (scipy.stats.mannwhitneyu, Mann & Whitney 1947 data): U = 17 and, with the
  // asymptotic method and continuity correction, a two-sided p of 0.11134688653314041.
  it('matches the textbook example without ties', () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const result = mannWhitneyU(males, females);
    expect(result.u).toBe(17);
    expect(result.mean).toBe(10);
    expect(result.variance).toBeCloseTo(50 / 3, 12);
    expect(2 * result.pValue).toBeCloseTo(0.11134688653314041, 6);
    expect(result.effectSize).toBeCloseTo(17 / 20, 12);
  });

  // Worked by hand: 1(x) 2(x) 2(x) 2(y) 3(y) → ranks 1, 3, 3, 3, 5; R_x = 7, U_x = 7 − 6 = 1;
  // tie correction Σ(t³ − t) = 24, N(N − 1) = 20: Var = (3·2/12)·(6 − 24/20) = 2.4.
  it('averages the ranks of ties and corrects the variance', () => {
    const result = mannWhitneyU([1, 2, 2], [2, 3]);
    expect(result.u).toBe(1);
    expect(result.variance).toBeCloseTo(2.4, 12);
    expect(result.z).toBeCloseTo((1 - 3 - 0.5) / Math.sqrt(2.4), 12);
  });

  it.each([
    ['identical samples', [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], 0.5],
    ['x entirely above y', [10, 11, 12, 13], [1, 2, 3, 4], 1],
    ['x entirely below y', [1, 2, 3], [10, 11, 12], 0],
  ])('gives an effect size for %s', (_name, x, y, effect) => {
    expect(mannWhitneyU(x, y).effectSize).toBeCloseTo(effect, 12);
  });

  it('is one-sided: a large x gives a small p, a small x a large one', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const high = low.map((v) => v + 8);
    expect(mannWhitneyU(high, low).pValue).toBeLessThan(0.01);
    expect(mannWhitneyU(low, high).pValue).toBeGreaterThan(0.99);
  });

  it('gives p = 1 when every observation ties or a side is empty', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5]).pValue).toBe(1);
    expect(mannWhitneyU([], [1, 2]).pValue).toBe(1);
  });
});

describe('mannWhitneyGrouped', () => {
  it('equals the raw-sample test when every group is one value', () => {
    const x = [0.1, 0.1, 0.25, 0.25, 0.25, 0.5, 1, 1];
    const y = [0.1, 0.1, 0.1, 0.25, 0.25, 0.5];
    const grouped = mannWhitneyGrouped([2, 3, 1, 2], [3, 2, 1, 0]);
    expect(grouped).toEqual(mannWhitneyU(x, y));
  });

  it('handles histogram-sized counts', () => {
    const result = mannWhitneyGrouped([0, 1_000_000, 1_000_000], [1_000_000, 1_000_000, 0]);
    // P(x > y) + ½·P(x = y) = (1·1 + 1·1 + 1·1 + ½·1·1) / (2·2) over groups of 10⁶
    expect(result.effectSize).toBeCloseTo(0.875, 12);
    expect(result.pValue).toBe(0);
  });

  it('rejects groups of different lengths', () => {
    expect(() => mannWhitneyGrouped([1], [1, 2])).toThrow(RangeError);
  });
});
