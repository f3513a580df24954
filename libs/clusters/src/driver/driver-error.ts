import { KubeconfigError } from '../connection/kubeconfig.loader.js';
import { KubeApiError } from '../transport/kube-api.error.js';

/** Why a driver call could not be done, as data (habit 4: retryable versus terminal). */
export type DriverErrorCode =
  | 'UNKNOWN_CLUSTER' // not in the registry
  | 'CORDONED' // the cluster takes no new deploys
  | 'BAD_CREDENTIALS' // the kubeconfig cannot be used
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT' // the object kept changing under us
  | 'INVALID' // the API server rejected the change (422/400)
  | 'NOT_SYNCED' // the cluster's watch cache has not listed yet
  | 'INTERNAL';

/** A failure as data. `retryable`: the same call may succeed later (after `retryAfterMs` when given). */
export interface DriverError {
  code: DriverErrorCode;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

const KIND_CODE: Record<KubeApiError['kind'], DriverErrorCode> = {
  unreachable: 'UNREACHABLE',
  timeout: 'TIMEOUT',
  throttled: 'THROTTLED',
  server: 'UNREACHABLE',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  conflict: 'CONFLICT',
  gone: 'CONFLICT',
  invalid: 'INVALID',
  other: 'INTERNAL',
};

const RETRYABLE_CODES: ReadonlySet<DriverErrorCode> = new Set([
  'UNREACHABLE',
  'TIMEOUT',
  'THROTTLED',
  'CONFLICT',
  'NOT_SYNCED',
]);

/** A driver error from a code and message. */
export function driverError(code: DriverErrorCode, message: string, retryAfterMs?: number): DriverError {
  return {
    code,
    message,
    retryable: RETRYABLE_CODES.has(code),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** Thrown inside the driver to end a cluster's work with a given error (caught and turned back into data). */
export class DriverFailure extends Error {
  constructor(readonly error: DriverError) {
    super(error.message);
  }
}

/** Maps anything thrown below the driver to a `DriverError`. */
export function toDriverError(e: unknown): DriverError {
  if (e instanceof DriverFailure) return e.error;
  if (e instanceof KubeApiError) return driverError(KIND_CODE[e.kind], e.message, e.retryAfterMs);
  if (e instanceof KubeconfigError) return driverError('BAD_CREDENTIALS', e.message);
  return driverError('INTERNAL', (e as Error)?.message ?? String(e));
}
