/** Kubernetes `Status` failure objects and the error type that carries one through the handlers. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { field?: string; message: string; reason?: string }[];
  };
}

/** An API error that the HTTP layer renders as a `Status` with the HTTP code. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
    /** Seconds for a `Retry-After` header (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The wire body. */
  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** `resource` as Kubernetes prints it in messages: `rollouts.argoproj.io` or `pods`. */
type Res = { group: string; plural: string };
const resName = (t: Res): string => (t.group ? `${t.plural}.${t.group}` : t.plural);

export const notFound = (t: Res, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${resName(t)} "${name}" not found`, { name, group: t.group, kind: t.plural });

export const alreadyExists = (t: Res, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${resName(t)} "${name}" already exists`, {
    name,
    group: t.group,
    kind: t.plural,
  });

export const conflict = (t: Res, name: string): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resName(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: t.group, kind: t.plural },
  );

export const invalid = (
  kind: string,
  name: string,
  causes: { field: string; message: string }[],
  group = '',
): ApiError =>
  new ApiError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name, group, kind, causes: causes.map((c) => ({ ...c, reason: 'FieldValueInvalid' })) },
  );

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const gone = (message: string): ApiError => new ApiError(410, 'Expired', message);

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const methodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const unsupportedMediaType = (type: string): ApiError =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json; got ${type}`,
  );

export const tooManyRequests = (retryAfterSeconds: number): ApiError =>
  new ApiError(
    429,
    'TooManyRequests',
    'the server has received too many requests and has asked us to try again later',
    undefined,
    retryAfterSeconds,
  );

export const serviceUnavailable = (retryAfterSeconds = 1): ApiError =>
  new ApiError(
    503,
    'ServiceUnavailable',
    'the server is currently unable to handle the request',
    undefined,
    retryAfterSeconds,
  );
