import type { CanarySample, LatencyBucket, RoleSample, TargetObservation } from '../judge/judge.types.js';
import type { PrometheusClient } from '../prometheus/prometheus.client.js';
import type { PromResult } from '../prometheus/prometheus.types.js';
import { singleValue, valuesByLabel } from '../prometheus/prometheus.values.js';
import { renderTemplate, type QueryTemplates, type Role } from '../promql/promql.templates.js';

/** Which target to observe, and over which window. */
export interface ObserveRequest {
  /** The target (environment) name, echoed in the observation. */
  target: string;
  namespace: string;
  rollout: string;
  /** A PromQL duration, e.g. `10m`: the bake window observed so far. */
  window: string;
  /** Evaluation time (the injected clock's now); Prometheus' now when omitted. */
  time?: Date;
}

/** The part of {@link PrometheusClient} the observer needs; a fake implements it in tests. */
export type InstantQuerier = Pick<PrometheusClient, 'query'>;

const ROLE_QUERIES = ['requests', 'errors', 'latencyBuckets'] as const;
const BUCKET_LABEL = 'le';

/**
 * Reads one target's canary and stable telemetry: request and 5xx counts and the latency histogram of each role over
 * the window (six instant queries, in parallel). Any failed query makes the whole observation OBSERVER_UNAVAILABLE —
 * a transient observer condition, never a release failure — `retryable: false` only for a query Prometheus rejects.
 * A template that cannot be rendered is a configuration error and is thrown (validate plans with `resolveTemplates`).
 */
export async function observeCanary(
  client: InstantQuerier,
  templates: QueryTemplates,
  request: ObserveRequest,
): Promise<TargetObservation> {
  const roles: Role[] = ['canary', 'stable'];
  const queries = roles.flatMap((role) =>
    ROLE_QUERIES.map((name) =>
      renderTemplate(templates[name], {
        namespace: request.namespace,
        rollout: request.rollout,
        role,
        window: request.window,
      }),
    ),
  );
  const results = await Promise.all(queries.map((promql) => client.query(promql, { time: request.time })));
  const failed = results.find((result): result is Extract<PromResult, { ok: false }> => !result.ok);
  if (failed) {
    return {
      target: request.target,
      status: 'OBSERVER_UNAVAILABLE',
      reason: `${failed.kind}: ${failed.message}`,
      retryable: failed.kind !== 'bad_query',
    };
  }
  const [canary, stable] = roles.map((_role, r) => toRoleSample(results.slice(r * 3, r * 3 + 3)));
  const sample: CanarySample = { target: request.target, canary, stable };
  return { target: request.target, status: 'OBSERVED', sample };
}

function toRoleSample(results: PromResult[]): RoleSample {
  const [requests, errors, buckets] = results.map((result) => (result.ok ? result.data : null));
  return {
    requests: (requests && singleValue(requests)) ?? 0,
    errors: (errors && singleValue(errors)) ?? 0,
    latencyBuckets: buckets ? toBuckets(valuesByLabel(buckets, BUCKET_LABEL)) : [],
  };
}

function toBuckets(byLe: Map<string, number>): LatencyBucket[] {
  return [...byLe]
    .map(([le, count]) => ({ le: le === '+Inf' ? Infinity : Number(le), count }))
    .filter((bucket) => !Number.isNaN(bucket.le))
    .sort((a, b) => a.le - b.le);
}
