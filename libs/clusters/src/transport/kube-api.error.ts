/** Failures talking to a cluster's API server, classified so callers can tell retryable from terminal. */

/** What went wrong, as the engine cares. */
export type KubeErrorKind =
  | 'unreachable' // no HTTP answer: DNS, connection refused or reset, TLS
  | 'timeout' // no answer within the request timeout
  | 'throttled' // 429
  | 'server' // 5xx
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'gone' // 410 (a watch's resourceVersion is too old)
  | 'invalid' // 422, or 400
  | 'other';

const RETRYABLE: ReadonlySet<KubeErrorKind> = new Set(['unreachable', 'timeout', 'throttled', 'server']);
/** Kinds that say the API server cannot be used at all (the cluster's health becomes unreachable). */
const OUTAGE: ReadonlySet<KubeErrorKind> = new Set(['unreachable', 'timeout', 'server']);

const HTTP_STATUS_KIND: Record<number, KubeErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'gone',
  422: 'invalid',
  429: 'throttled',
};
const SERVER_ERROR_MIN = 500;
const MS_PER_SECOND = 1000;

/** An API failure: HTTP status and Kubernetes `Status` reason when the server answered. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly status?: number,
    /** `Status.reason`, e.g. `Conflict`, `Invalid`, `NotFound`. */
    readonly reason?: string,
    /** From `Retry-After`, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** Worth trying again later: the cluster was unreachable, slow, throttling or failing. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** The API server is not usable (as opposed to answering "no"). */
  get isOutage(): boolean {
    return OUTAGE.has(this.kind);
  }
}

/** Builds the error for a non-2xx answer from its status, body text and `Retry-After` header. */
export function errorFromResponse(
  status: number,
  bodyText: string,
  retryAfter: string | undefined,
  now: Date,
): KubeApiError {
  let reason: string | undefined;
  let message = `HTTP ${status}`;
  try {
    const body = JSON.parse(bodyText) as { reason?: string; message?: string };
    reason = body.reason;
    if (body.message) message = `${message}: ${body.message}`;
  } catch {
    if (bodyText.trim()) message = `${message}: ${bodyText.trim().slice(0, 200)}`;
  }
  const kind = HTTP_STATUS_KIND[status] ?? (status >= SERVER_ERROR_MIN ? 'server' : 'other');
  return new KubeApiError(kind, message, status, reason, parseRetryAfter(retryAfter, now));
}

/** Classifies a thrown error (network failure, abort, timeout) that got no HTTP answer. */
export function errorFromException(e: unknown, timedOut: boolean): KubeApiError {
  if (e instanceof KubeApiError) return e;
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (timedOut || err?.name === 'TimeoutError') return new KubeApiError('timeout', 'request timed out');
  // the caller gave up (its own deadline, e.g. a fan-out's per-cluster timeout): no answer in time
  if (err?.name === 'AbortError' || err?.name === 'TaskCancelledError')
    return new KubeApiError('timeout', 'request cancelled');
  const cause = err?.cause?.code ?? err?.cause?.message;
  return new KubeApiError('unreachable', `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}`);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * MS_PER_SECOND);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
