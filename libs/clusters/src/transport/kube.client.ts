import { setMaxListeners } from 'node:events';
import type PQueue from 'p-queue';
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import type { ClusterHealthTracker } from '../health/cluster-health.js';
import { errorFromException, KubeApiError } from './kube-api.error.js';
import type { KubeRequest, KubeTransport } from './kube.transport.js';
import { kubeVerbOf, type KubeRequestObserver } from './kube.verb.js';
import { createLimiter, type RateLimit } from './request.limiter.js';

/** Limits and retries of one cluster's client. */
export interface KubeClientOptions {
  rateLimit: RateLimit;
  /** Timeout of one attempt. */
  requestTimeoutMs: number;
  retry: {
    /** Attempts in all, the first included. */
    maxAttempts: number;
    initialDelayMs: number;
    maxDelayMs: number;
  };
  /** Told of each attempt as it is sent (metrics); not of requests dropped before sending. */
  onRequest?: KubeRequestObserver;
}

/** Defaults close to client-go's (QPS 5, burst 10 is its default; a fleet controller needs a little more). */
export const DEFAULT_CLIENT_OPTIONS: KubeClientOptions = {
  rateLimit: { qps: 20, burst: 40 },
  requestTimeoutMs: 10_000,
  retry: { maxAttempts: 4, initialDelayMs: 200, maxDelayMs: 5_000 },
};

const BACKOFF_FACTOR = 2;

/**
 * One cluster's API client: every request waits for the cluster's rate limiter, runs under a timeout, is retried
 * with exponential backoff (or the server's `Retry-After`, capped) when the failure is retryable (429, 5xx, no
 * answer, timeout), and feeds the cluster's health. Rejects with `KubeApiError`.
 *
 * Retrying a PATCH is safe here: every patch Ringmaster sends is idempotent or guarded (a JSON patch `test`, or a
 * resourceVersion), so a repeat that finds its work done fails its guard instead of applying twice.
 */
export class KubeClient {
  private readonly limiter: PQueue;
  private readonly policy: RetryPolicy;
  /** aborted by close(): drops the requests still waiting for the limiter */
  private readonly closing = new AbortController();

  constructor(
    readonly cluster: string,
    private readonly transport: KubeTransport,
    private readonly health: ClusterHealthTracker,
    private readonly options: KubeClientOptions = DEFAULT_CLIENT_OPTIONS,
    private readonly random: () => number = Math.random,
  ) {
    this.limiter = createLimiter(options.rateLimit);
    // every queued request listens on it: thousands at once during a fleet-wide rollback
    setMaxListeners(0, this.closing.signal);
    const { initialDelayMs, maxDelayMs, maxAttempts } = options.retry;
    this.policy = retry(
      handleWhen((e) => e instanceof KubeApiError && e.retryable),
      {
        maxAttempts: Math.max(0, maxAttempts - 1),
        backoff: new DelegateBackoff((ctx) => {
          const error = 'error' in ctx.result ? ctx.result.error : undefined;
          const hinted = error instanceof KubeApiError ? error.retryAfterMs : undefined;
          const exponential = initialDelayMs * BACKOFF_FACTOR ** (ctx.attempt - 1);
          // full jitter on our own backoff; a server's Retry-After is honoured as given (capped)
          return Math.min(maxDelayMs, hinted ?? exponential * (0.5 + this.random() / 2));
        }),
      },
    );
  }

  /** Sends a request with limits, timeout and retries. `signal` cancels waiting and the request in flight. */
  async request<T>(request: KubeRequest, signal?: AbortSignal): Promise<T> {
    try {
      const value = await this.policy.execute(() => this.attempt<T>(request, signal), signal);
      this.health.recordSuccess();
      return value;
    } catch (e) {
      const error = errorFromException(e, false);
      this.health.recordFailure(error);
      throw error;
    }
  }

  /** Rejects every request still queued or in flight, and any made later (not retried: the client is gone). */
  close(): void {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new KubeApiError('other', `client of cluster ${this.cluster} closed`));
  }

  private attempt<T>(request: KubeRequest, signal?: AbortSignal): Promise<T> {
    return this.limiter.add(
      async () => {
        if (signal?.aborted) throw new KubeApiError('timeout', 'request cancelled before it was sent');
        // one controller and a cleared timer per attempt: AbortSignal.timeout leaves its timer behind for the whole
        // timeout, and AbortSignal.any is slow on Node 20 — both paid once per PATCH of a fleet-wide rollback
        const attempt = new AbortController();
        const timer = setTimeout(
          () => attempt.abort(new DOMException('request timed out', 'TimeoutError')),
          this.options.requestTimeoutMs,
        );
        const cancel = (): void => attempt.abort(signal?.reason);
        signal?.addEventListener('abort', cancel, { once: true });
        try {
          this.options.onRequest?.(this.cluster, kubeVerbOf(request));
          return await this.transport.send<T>(request, attempt.signal);
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', cancel);
        }
      },
      { signal: this.closing.signal },
    ) as Promise<T>;
  }
}
