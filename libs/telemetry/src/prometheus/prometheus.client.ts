import type { PromErrorKind, PromQueryData, PromResult } from './prometheus.types.js';

/** Default per-request timeout; a bake tick must not hang on a slow Prometheus. */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 10_000;

const HTTP_BAD_REQUEST = 400;
const HTTP_UNPROCESSABLE = 422;
const MAX_MESSAGE_CHARS = 300;

export interface PrometheusClientOptions {
  /** Base URL of the Prometheus server, e.g. `http://127.0.0.1:9090` (a path prefix is kept). */
  baseUrl: string;
  /** Per-request timeout in milliseconds (default {@link DEFAULT_PROMETHEUS_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Extra request headers (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** The fetch implementation; injected in tests, the global one otherwise. */
  fetch?: typeof fetch;
}

export interface InstantQueryOptions {
  /** Evaluation time; Prometheus uses "now" when omitted. */
  time?: Date;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
}

export interface RangeQueryOptions {
  start: Date;
  end: Date;
  /** Resolution step in seconds. */
  stepSeconds: number;
  timeoutMs?: number;
}

/**
 * A small client for the Prometheus HTTP API. Queries are POSTed form-encoded (long PromQL does not hit URL limits).
 * Every backend failure — refused connection, timeout, HTTP error, unexpected body — comes back as
 * `{ ok: false, kind, message }`; no method rejects. The client holds no mutable state and may be shared.
 */
export class PrometheusClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS;
    this.headers = options.headers ?? {};
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** `/api/v1/query`: evaluates `promql` at one instant. */
  query(promql: string, options: InstantQueryOptions = {}): Promise<PromResult> {
    const form = new URLSearchParams({ query: promql });
    if (options.time) form.set('time', toUnixSeconds(options.time));
    return this.post('/api/v1/query', form, options.timeoutMs);
  }

  /** `/api/v1/query_range`: evaluates `promql` from `start` to `end` every `stepSeconds`. */
  queryRange(promql: string, options: RangeQueryOptions): Promise<PromResult> {
    const form = new URLSearchParams({
      query: promql,
      start: toUnixSeconds(options.start),
      end: toUnixSeconds(options.end),
      step: String(options.stepSeconds),
    });
    return this.post('/api/v1/query_range', form, options.timeoutMs);
  }

  private async post(path: string, form: URLSearchParams, timeoutMs = this.timeoutMs): Promise<PromResult> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return transportFailure(error, timeoutMs);
    }
    return parseResponse(response.status, text);
  }
}

function toUnixSeconds(date: Date): string {
  return String(date.getTime() / 1000);
}

function transportFailure(error: unknown, timeoutMs: number): PromResult {
  const name = errorField(error, 'name');
  if (name === 'TimeoutError' || name === 'AbortError') {
    return failure('timeout', `no answer from Prometheus within ${timeoutMs} ms`);
  }
  return failure('unreachable', `Prometheus unreachable: ${describe(error)}`);
}

/** Maps an HTTP status and body onto a result, following the API's documented envelope. */
function parseResponse(status: number, text: string): PromResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const kind = status === HTTP_BAD_REQUEST || status === HTTP_UNPROCESSABLE ? 'bad_query' : 'server_error';
    return failure(kind, `HTTP ${status} with a non-JSON body: ${truncate(text)}`);
  }
  if (!isRecord(body)) return failure('server_error', `HTTP ${status} with an unexpected body`);
  if (body.status === 'success' && status < HTTP_BAD_REQUEST && isQueryData(body.data)) {
    const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : undefined;
    return warnings?.length ? { ok: true, data: body.data, warnings } : { ok: true, data: body.data };
  }
  const message = `${String(body.errorType ?? `HTTP ${status}`)}: ${truncate(String(body.error ?? 'unexpected response'))}`;
  if (status === HTTP_BAD_REQUEST || status === HTTP_UNPROCESSABLE || body.errorType === 'bad_data') {
    return failure('bad_query', message);
  }
  return failure('server_error', message);
}

function isQueryData(data: unknown): data is PromQueryData {
  if (!isRecord(data)) return false;
  const { resultType, result } = data;
  if (resultType === 'vector' || resultType === 'matrix') return Array.isArray(result);
  if (resultType === 'scalar' || resultType === 'string') return Array.isArray(result) && result.length === 2;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failure(kind: PromErrorKind, message: string): PromResult {
  return { ok: false, kind, message };
}

// Duck-typed rather than `instanceof Error`: fetch's errors may come from another realm (undici, test VMs).
function errorField(error: unknown, field: 'name' | 'message' | 'code'): string {
  if (typeof error !== 'object' || error === null) return '';
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

function describe(error: unknown): string {
  const message = errorField(error, 'message') || String(error);
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const detail = errorField(cause, 'code') || errorField(cause, 'message');
  return detail ? `${message} (${detail})` : message;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
