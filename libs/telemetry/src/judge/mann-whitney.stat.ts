import { normalUpperTail } from './normal.js';

/** The outcome of a one-sided Mann–Whitney U test "x tends to be larger than y". */
export interface MannWhitneyResult {
  /** U of x: pairs (x_i, y_j) with x_i > y_j, ties counted half. */
  u: number;
  /** Sizes of x and y. */
  nx: number;
  ny: number;
  /** Mean and tie-corrected variance of U under the null hypothesis. */
  mean: number;
  variance: number;
  /** Normal approximation with continuity correction. */
  z: number;
  /** One-sided p-value, P(U ≥ u) under the null hypothesis; 1 when there is nothing to compare. */
  pValue: number;
  /** Vargha–Delaney A = U / (nx·ny): the probability that an x is larger than a y (ties half); 0.5 when empty. */
  effectSize: number;
}

const CONTINUITY_CORRECTION = 0.5;

/**
 * Mann–Whitney U on grouped data: `x[i]` and `y[i]` observations share the i-th of an ordered list of values (e.g.
 * latency histogram buckets, every observation in a bucket taking the bucket's upper bound). Observations in one group
 * are ties: they share the group's average rank, and the variance is tie-corrected. Runs in O(groups), whatever the
 * number of observations, so a histogram of millions of requests costs as little as one of ten.
 *
 * No statistics library on npm that we would trust offers Mann–Whitney (simple-statistics, jstat and @stdlib have
 * none), so U is computed here with the normal approximation; the normal CDF is the library's.
 */
export function mannWhitneyGrouped(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  if (x.length !== y.length) throw new RangeError('x and y must have one count per group');
  let nx = 0;
  let ny = 0;
  let rankSumX = 0;
  let tieTerm = 0;
  let ranked = 0;
  for (let i = 0; i < x.length; i++) {
    const inGroup = x[i] + y[i];
    if (inGroup === 0) continue;
    const averageRank = ranked + (inGroup + 1) / 2;
    rankSumX += x[i] * averageRank;
    tieTerm += inGroup ** 3 - inGroup;
    ranked += inGroup;
    nx += x[i];
    ny += y[i];
  }
  const n = nx + ny;
  const u = rankSumX - (nx * (nx + 1)) / 2;
  const mean = (nx * ny) / 2;
  const variance = n < 2 ? 0 : ((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (nx === 0 || ny === 0 || variance <= 0) {
    return { u, nx, ny, mean, variance, z: 0, pValue: 1, effectSize: nx * ny === 0 ? 0.5 : u / (nx * ny) };
  }
  const z = (u - mean - CONTINUITY_CORRECTION) / Math.sqrt(variance);
  return { u, nx, ny, mean, variance, z, pValue: normalUpperTail(z), effectSize: u / (nx * ny) };
}

/** Mann–Whitney U on raw samples ("x tends to be larger than y"), by grouping equal values. */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const values = [...new Set([...x, ...y])].sort((a, b) => a - b);
  const index = new Map(values.map((value, i) => [value, i]));
  const gx = new Array<number>(values.length).fill(0);
  const gy = new Array<number>(values.length).fill(0);
  for (const value of x) gx[index.get(value)!]++;
  for (const value of y) gy[index.get(value)!]++;
  return mannWhitneyGrouped(gx, gy);
}
