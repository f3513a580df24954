import { driverError, toDriverError, type DriverError } from '../driver/driver-error.js';

/** The outcome of work on one cluster: a value, or an error as data. */
export type ClusterResult<T> =
  { cluster: string; ok: true; value: T } | { cluster: string; ok: false; error: DriverError };

/** Limits of a fan-out. */
export interface FanOutOptions {
  /** Clusters worked on at once. */
  concurrency: number;
  /** Budget per cluster; past it the cluster's result is a TIMEOUT error and its signal is aborted. */
  timeoutMs: number;
}

export const DEFAULT_FAN_OUT: FanOutOptions = { concurrency: 16, timeoutMs: 15_000 };

/**
 * Runs `work` for every cluster with a concurrency limit and a per-cluster timeout, and resolves to one result per
 * cluster, in input order. Never rejects: a slow or failing cluster becomes an error result and does not delay
 * the others beyond its own timeout.
 */
export async function fanOut<T>(
  clusters: readonly string[],
  work: (cluster: string, signal: AbortSignal) => Promise<T>,
  options: FanOutOptions = DEFAULT_FAN_OUT,
): Promise<ClusterResult<T>[]> {
  const results = new Array<ClusterResult<T>>(clusters.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < clusters.length) {
      const i = next++;
      results[i] = await runOne(clusters[i], work, options.timeoutMs);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, clusters.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

async function runOne<T>(
  cluster: string,
  work: (cluster: string, signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
): Promise<ClusterResult<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ClusterResult<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException(`cluster ${cluster} did not answer within ${timeoutMs} ms`, 'TimeoutError'));
      resolve({
        cluster,
        ok: false,
        error: driverError('TIMEOUT', `cluster ${cluster} did not answer within ${timeoutMs} ms`),
      });
    }, timeoutMs);
  });
  const done = (async (): Promise<ClusterResult<T>> => {
    try {
      return { cluster, ok: true, value: await work(cluster, controller.signal) };
    } catch (e) {
      return { cluster, ok: false, error: toDriverError(e) };
    }
  })();
  try {
    return await Promise.race([done, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
