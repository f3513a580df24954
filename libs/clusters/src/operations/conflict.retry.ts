import { KubeApiError } from '../transport/kube-api.error.js';

/**
 * Attempts of a read-plan-write before a conflict is reported: the first from the cache, the others from fresh
 * reads (client-go's RetryOnConflict makes up to 5; each of ours re-reads, so 3 is plenty for a hot object).
 */
export const MAX_WRITE_ATTEMPTS = 3;

/** True when a write failed because the object changed since it was read: 409 Conflict. */
export function isWriteConflict(e: unknown): boolean {
  return e instanceof KubeApiError && e.kind === 'conflict';
}

/**
 * Runs `attempt` (given its index, 0 first) until it does not fail with a write conflict, at most
 * `MAX_WRITE_ATTEMPTS` times; the last conflict is rethrown.
 */
export async function retryOnConflict<T>(
  attempt: (index: number) => Promise<T>,
  isConflict: (e: unknown) => boolean = isWriteConflict,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt(i);
    } catch (e) {
      if (i + 1 >= MAX_WRITE_ATTEMPTS || !isConflict(e)) throw e;
    }
  }
}
