/** Tuning of delivery retries. */
export interface RetryPolicy {
  /** Delay before the 2nd attempt; doubles each attempt. */
  readonly baseDelayMs: number;
  /** Cap on one delay. */
  readonly maxDelayMs: number;
  /** A message whose first attempt is older than this goes DEAD instead of being retried. */
  readonly deadAfterMs: number;
}

/** Defaults: 1 s doubling to 10 min, dead after 24 h. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 600_000, deadAfterMs: 86_400_000 };

/** What to do after a failed attempt. */
export type RetryDecision =
  { readonly kind: 'retry'; readonly at: Date } | { readonly kind: 'dead'; readonly reason: string };

/** Facts about a failed attempt. */
export interface FailedAttempt {
  /** Attempts made so far, including the one that failed (≥ 1). */
  readonly attempts: number;
  /** When the message was created (the horizon is counted from here). */
  readonly createdAt: Date;
  readonly now: Date;
  /** The receiver's Retry-After, in ms, when it gave one (429/503). */
  readonly retryAfterMs?: number;
  /** The failure cannot succeed by retrying (e.g. a refused URL, a 4xx other than 408/429). */
  readonly terminal?: boolean;
  /** A number in [0, 1): the jitter source (inject for tests). */
  readonly random: number;
}

/**
 * Exponential backoff with full jitter (delay uniform in [d/2, d], d = base·2^(attempts-1) capped), at least the
 * receiver's Retry-After; DEAD when terminal or when the next attempt would fall past the horizon.
 */
export function decideRetry(attempt: FailedAttempt, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  if (attempt.terminal) return { kind: 'dead', reason: 'terminal failure' };
  const exponent = Math.min(Math.max(attempt.attempts - 1, 0), 40);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const jittered = ceiling / 2 + (ceiling / 2) * Math.min(Math.max(attempt.random, 0), 1);
  const delay = Math.max(Math.round(jittered), attempt.retryAfterMs ?? 0);
  const at = new Date(attempt.now.getTime() + delay);
  if (at.getTime() - attempt.createdAt.getTime() > policy.deadAfterMs) {
    return { kind: 'dead', reason: `not delivered within ${policy.deadAfterMs} ms` };
  }
  return { kind: 'retry', at };
}

/**
 * Parses a Retry-After header (delta-seconds or HTTP-date) into milliseconds from `now`; undefined when absent or
 * unparseable. Negative dates give 0.
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
