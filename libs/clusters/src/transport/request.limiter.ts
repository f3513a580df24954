import Bottleneck from 'bottleneck';

/** Client-side limits of one cluster's API traffic (client-go's QPS and burst). */
export interface RateLimit {
  /** Sustained requests per second. */
  qps: number;
  /** Requests allowed at once after a quiet period. */
  burst: number;
  /** Requests in flight at once (default: burst). */
  maxConcurrent?: number;
}

const MS_PER_SECOND = 1000;

/** A token bucket: `burst` tokens, one more every 1/qps seconds; every request takes one. */
export function createLimiter(limit: RateLimit): Bottleneck {
  if (!(limit.qps > 0) || !(limit.burst >= 1))
    throw new Error(`invalid rate limit: qps ${limit.qps}, burst ${limit.burst}`);
  const refillMs = Math.max(1, Math.round(MS_PER_SECOND / limit.qps));
  return new Bottleneck({
    reservoir: limit.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: refillMs,
    // Bottleneck refills at most once per heartbeat (250 ms by default): without this, 40 qps was 4 qps
    heartbeatInterval: Math.min(refillMs, 250),
    reservoirIncreaseMaximum: limit.burst,
    maxConcurrent: limit.maxConcurrent ?? limit.burst,
  });
}
