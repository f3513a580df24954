import { KubeApiError } from '../transport/kube-api.error.js';

/**
 * Attempts of a read-plan-write before a conflict is reported: the first from the cache, the others from fresh
 * reads (client-go's RetryOnConflict makes up to 5; each of ours re-reads, so 3 is plenty for a hot object).
 */
export const MAX_WRITE_ATTEMPTS = 3;

/**
 * What kube-apiserver answers (422, reason Invalid, no details) when a JSON patch cannot be applied to the stored
 * object: a `test` op failed, or a path it names is gone (`NewGenericServerResponse` drops the jsonpatch error).
 * A patch whose result is invalid is answered 422 too, but with a message naming the object and its bad fields.
 */
const JSON_PATCH_NOT_APPLICABLE = 'the server rejected our request due to an error in our request';
const UNPROCESSABLE = 422;

/** True when a JSON patch's preconditions did not hold: the object is not as it was when the patch was planned. */
export function isPatchPreconditionFailure(e: unknown): boolean {
  return (
    e instanceof KubeApiError &&
    e.status === UNPROCESSABLE &&
    e.reason === 'Invalid' &&
    e.message.endsWith(JSON_PATCH_NOT_APPLICABLE)
  );
}

/** True when a write failed because the object changed since it was read: 409 Conflict, or a failed JSON patch test. */
export function isWriteConflict(e: unknown): boolean {
  return (e instanceof KubeApiError && e.kind === 'conflict') || isPatchPreconditionFailure(e);
}

/** A failed JSON patch precondition as the conflict it is (retryable later), other errors as they are. */
export function asConflict(e: unknown): unknown {
  if (!isPatchPreconditionFailure(e)) return e;
  const err = e as KubeApiError;
  return new KubeApiError(
    'conflict',
    `${err.message} (a JSON patch test failed: the object changed since it was read)`,
    err.status,
    err.reason,
  );
}

/**
 * Runs `attempt` (given its index, 0 first) until it does not fail with a write conflict, at most
 * `MAX_WRITE_ATTEMPTS` times; the last conflict is rethrown as a conflict (`asConflict`).
 */
export async function retryOnConflict<T>(attempt: (index: number) => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt(i);
    } catch (e) {
      if (i + 1 >= MAX_WRITE_ATTEMPTS || !isWriteConflict(e)) throw asConflict(e);
    }
  }
}
