/** Tunables of `decide`, with defaults for production; tests and the simulator shorten them. */
export interface DecideOptions {
  /** automatic retries of a TRANSIENT failure; the failure after the last one counts as UNKNOWN */
  maxTransientRetries: number;
  /** backoff before retry n (1-based) is retryBaseMs × 2^(n−1), capped at retryMaxMs */
  retryBaseMs: number;
  retryMaxMs: number;
  /** how soon to look again while something is in flight (deploys, attributions, bakes, rollbacks) */
  pollIntervalMs: number;
  /** targets of one ring being rolled back at the same time (safety check + revert), across all its clusters */
  maxParallelRollbacks: number;
}

export const DEFAULT_DECIDE_OPTIONS: Readonly<DecideOptions> = {
  maxTransientRetries: 3,
  retryBaseMs: 30_000,
  retryMaxMs: 10 * 60_000,
  pollIntervalMs: 5_000,
  maxParallelRollbacks: 2_000,
};

/** The backoff before automatic retry number `retry` (1-based). */
export function retryBackoffMs(retry: number, options: DecideOptions): number {
  const exponent = Math.max(0, retry - 1);
  return Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** exponent);
}
