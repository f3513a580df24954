import { normalUpperTail } from './normal.js';

/** The outcome of the one-sided test "the canary's error ratio is higher than stable's". */
export interface ErrorCountResult {
  canaryRatio: number;
  stableRatio: number;
  /** canaryRatio − stableRatio. */
  absoluteIncrease: number;
  /** canaryRatio / stableRatio (Infinity when stable had no error and the canary had some; 1 when neither had). */
  ratio: number;
  pValue: number;
  /** Whether the p-value is exact (binomial) or the normal approximation. */
  method: 'exact' | 'normal';
}

/** Above this many errors in total, the binomial tail is taken from the normal approximation. */
export const EXACT_TEST_MAX_ERRORS = 5_000;

/**
 * Compares error counts as Poisson counts with the conditional (binomial) test: given k errors in total, under the
 * null hypothesis of equal error rates the canary's share follows Binomial(k, canaryRequests / allRequests).
 * Exact for small k, which matters at the low error counts a canary shows; normal approximation beyond
 * {@link EXACT_TEST_MAX_ERRORS}. Counts are rounded (Prometheus `increase()` extrapolates).
 */
export function compareErrorCounts(
  canary: { requests: number; errors: number },
  stable: { requests: number; errors: number },
): ErrorCountResult {
  const canaryRequests = Math.round(canary.requests);
  const stableRequests = Math.round(stable.requests);
  const canaryErrors = Math.min(Math.round(canary.errors), canaryRequests);
  const stableErrors = Math.min(Math.round(stable.errors), stableRequests);
  const canaryRatio = canaryRequests > 0 ? canaryErrors / canaryRequests : 0;
  const stableRatio = stableRequests > 0 ? stableErrors / stableRequests : 0;
  const ratio = stableRatio > 0 ? canaryRatio / stableRatio : canaryRatio > 0 ? Infinity : 1;
  const base = { canaryRatio, stableRatio, absoluteIncrease: canaryRatio - stableRatio, ratio };
  const totalErrors = canaryErrors + stableErrors;
  const share = canaryRequests / (canaryRequests + stableRequests);
  if (totalErrors === 0 || !(share > 0)) return { ...base, pValue: 1, method: 'exact' };
  if (share >= 1) return { ...base, pValue: 1, method: 'exact' };
  if (totalErrors > EXACT_TEST_MAX_ERRORS) {
    const mean = totalErrors * share;
    const z = (canaryErrors - 0.5 - mean) / Math.sqrt(totalErrors * share * (1 - share));
    return { ...base, pValue: normalUpperTail(z), method: 'normal' };
  }
  return { ...base, pValue: binomialUpperTail(canaryErrors, totalErrors, share), method: 'exact' };
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space so large n does not underflow. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const mode = Math.floor((n + 1) * p);
  // Sum each tail from its end nearest the mode, where the terms are largest and only shrink.
  if (k > mode) return Math.min(1, tailSum(k, n, p, +1));
  return Math.max(0, 1 - tailSum(k - 1, n, p, -1));
}

/** Terms this far below the first one (in log) no longer change the sum. */
const NEGLIGIBLE_LOG_TERM = -40;

/** Σ pmf(i) from i = start, stepping by `step` (+1 up to n, −1 down to 0), while the terms matter. */
function tailSum(start: number, n: number, p: number, step: 1 | -1): number {
  const logOdds = Math.log(p) - Math.log1p(-p);
  const logFirst = logChoose(n, start) + start * Math.log(p) + (n - start) * Math.log1p(-p);
  let logTerm = logFirst;
  let sum = 0;
  for (let i = start; i >= 0 && i <= n; i += step) {
    sum += Math.exp(logTerm - logFirst);
    if (logTerm - logFirst < NEGLIGIBLE_LOG_TERM) break;
    logTerm += step > 0 ? Math.log((n - i) / (i + 1)) + logOdds : Math.log(i / (n - i + 1)) - logOdds;
  }
  return Math.exp(logFirst) * sum;
}

function logChoose(n: number, k: number): number {
  let sum = 0;
  const m = Math.min(k, n - k);
  for (let i = 1; i <= m; i++) sum += Math.log((n - m + i) / i);
  return sum;
}
