import { describe, expect, it } from '@jest/globals';
import { binomialUpperTail, compareErrorCounts } from './error-count.stat.js';

describe('binomialUpperTail', () => {
  it.each([
    // Σ_{i≥8} C(10,i)/1024 = (45 + 10 + 1)/1024
    ['P(X ≥ 8 | 10, 0.5)', 8, 10, 0.5, 56 / 1024],
    // C(5,3)·0.2³·0.8² + C(5,4)·0.2⁴·0.8 + 0.2⁵
    ['P(X ≥ 3 | 5, 0.2)', 3, 5, 0.2, 0.05792],
    ['P(X ≥ 1 | 10, 0.5), below the mode', 1, 10, 0.5, 1 - 1 / 1024],
    ['P(X ≥ 0)', 0, 10, 0.3, 1],
    ['P(X ≥ n + 1)', 11, 10, 0.3, 0],
    ['P(X ≥ n | n, p) = pⁿ', 4, 4, 0.5, 1 / 16],
  ])('%s', (_name, k, n, p, expected) => {
    expect(binomialUpperTail(k, n, p)).toBeCloseTo(expected, 10);
  });

  it('does not underflow for large n', () => {
    const p = binomialUpperTail(2600, 5000, 0.5);
    expect(p).toBeGreaterThan(0.002);
    expect(p).toBeLessThan(0.003); // z ≈ 2.83 → ≈ 0.0024
  });
});

describe('compareErrorCounts', () => {
  it.each([
    ['no errors anywhere', { requests: 1000, errors: 0 }, { requests: 1000, errors: 0 }, 1, 1, 1],
    ['equal rates', { requests: 1000, errors: 10 }, { requests: 1000, errors: 10 }, 1, 0.5, 1],
    ['fewer canary errors', { requests: 1000, errors: 2 }, { requests: 1000, errors: 20 }, 0.1, 0.99, 1],
    ['canary-only errors', { requests: 1000, errors: 10 }, { requests: 1000, errors: 0 }, Infinity, 0, 0.01],
  ])('%s', (_name, canary, stable, ratio, minP, maxP) => {
    const result = compareErrorCounts(canary, stable);
    expect(result.ratio).toBeCloseTo(ratio, 12);
    expect(result.pValue).toBeGreaterThanOrEqual(minP);
    expect(result.pValue).toBeLessThanOrEqual(maxP);
  });

  it('finds 10 canary errors against 0 of equal stable traffic significant (0.5¹⁰)', () => {
    const result = compareErrorCounts({ requests: 1000, errors: 10 }, { requests: 1000, errors: 0 });
    expect(result.pValue).toBeCloseTo(1 / 1024, 12);
    expect(result.method).toBe('exact');
  });

  it('uses the normal approximation for many errors and agrees with the exact tail', () => {
    const normal = compareErrorCounts({ requests: 1e6, errors: 3100 }, { requests: 1e6, errors: 3000 });
    expect(normal.method).toBe('normal');
    const exact = binomialUpperTail(3100, 6100, 0.5);
    expect(normal.pValue).toBeCloseTo(exact, 2);
  });

  it('rounds the extrapolated counts of increase()', () => {
    const result = compareErrorCounts({ requests: 999.6, errors: 10.4 }, { requests: 1000.2, errors: 0.3 });
    expect(result.canaryRatio).toBeCloseTo(10 / 1000, 12);
    expect(result.stableRatio).toBe(0);
  });
});
