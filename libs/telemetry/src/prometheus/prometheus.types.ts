/** Shapes of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`) and of this client's results. */

/** One sample: `[unix seconds, value as a string]`, exactly as Prometheus sends it. */
export type PromSample = [number, string];

export interface PromVectorSeries {
  metric: Record<string, string>;
  value: PromSample;
}

export interface PromMatrixSeries {
  metric: Record<string, string>;
  values: PromSample[];
}

/** The `data` member of a successful response, by `resultType`. */
export type PromQueryData =
  | { resultType: 'vector'; result: PromVectorSeries[] }
  | { resultType: 'matrix'; result: PromMatrixSeries[] }
  | { resultType: 'scalar'; result: PromSample }
  | { resultType: 'string'; result: PromSample };

/**
 * Why a query gave no data:
 * - `unreachable`: connection refused, DNS failure, reset — the backend could not be reached;
 * - `timeout`: no answer within the per-request timeout;
 * - `bad_query`: Prometheus rejected the query (HTTP 400/422, `bad_data`) — retrying will not help;
 * - `server_error`: Prometheus answered with a 5xx, a non-JSON body, or a shape it does not document.
 */
export type PromErrorKind = 'unreachable' | 'timeout' | 'bad_query' | 'server_error';

/** A query's outcome. Backend failures are data, never thrown. */
export type PromResult<T = PromQueryData> =
  { ok: true; data: T; warnings?: string[] } | { ok: false; kind: PromErrorKind; message: string };
