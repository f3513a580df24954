import type { KubeApiError } from '../transport/kube-api.error.js';

/** A clock, injected so tests control time. */
export type Clock = () => Date;

/**
 * A cluster's API health as data for the engine: `reachable`, or `unreachable` since when (the first failure of
 * the current outage), or `unknown` before the first request.
 */
export interface ClusterHealth {
  cluster: string;
  state: 'unknown' | 'reachable' | 'unreachable';
  /** When the current state began (null while unknown). */
  since: Date | null;
  lastSuccessAt: Date | null;
  /** Message of the last outage error (kept after recovery, for evidence). */
  lastError: string | null;
  /** Outage failures since the last success. */
  consecutiveFailures: number;
}

/** Tracks one cluster's health from the outcome of its requests. */
export class ClusterHealthTracker {
  private health: ClusterHealth;

  constructor(
    cluster: string,
    private readonly clock: Clock,
  ) {
    this.health = {
      cluster,
      state: 'unknown',
      since: null,
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
    };
  }

  /** The server answered (any HTTP status that is not an outage). */
  recordSuccess(): void {
    const now = this.clock();
    const h = this.health;
    this.health = {
      ...h,
      state: 'reachable',
      since: h.state === 'reachable' ? h.since : now,
      lastSuccessAt: now,
      consecutiveFailures: 0,
    };
  }

  /** A request failed; only outages (no answer, timeout, 5xx) make the cluster unreachable. */
  recordFailure(error: KubeApiError): void {
    if (!error.isOutage) {
      this.recordSuccess();
      return;
    }
    const h = this.health;
    this.health = {
      ...h,
      state: 'unreachable',
      since: h.state === 'unreachable' ? h.since : this.clock(),
      lastError: error.message,
      consecutiveFailures: h.consecutiveFailures + 1,
    };
  }

  snapshot(): ClusterHealth {
    return { ...this.health };
  }
}
