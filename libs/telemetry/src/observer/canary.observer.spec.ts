import { describe, expect, it } from '@jest/globals';
import type { PromQueryData, PromResult } from '../prometheus/prometheus.types.js';
import { DEFAULT_QUERY_TEMPLATES } from '../promql/promql.templates.js';
import { observeCanary, type InstantQuerier } from './canary.observer.js';

const NOW = 1763798400;
const scalarVector = (value: string): PromQueryData => ({
  resultType: 'vector',
  result: [{ metric: {}, value: [NOW, value] }],
});
const buckets = (counts: Record<string, string>): PromQueryData => ({
  resultType: 'vector',
  result: Object.entries(counts).map(([le, value]) => ({ metric: { le }, value: [NOW, value] })),
});

/** A fake Prometheus answering by the query's role and kind. */
function fakePrometheus(answer: (promql: string) => PromResult): InstantQuerier & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    query: async (promql: string) => {
      queries.push(promql);
      return answer(promql);
    },
  };
}

function healthy(promql: string): PromResult {
  const canary = promql.includes('role="canary"');
  if (promql.includes('_bucket')) {
    return {
      ok: true,
      data: buckets({ '0.1': canary ? '90' : '180', '0.5': canary ? '99.6' : '198', '+Inf': canary ? '100.2' : '200' }),
    };
  }
  if (promql.includes('code=~"5.."'))
    return { ok: true, data: canary ? scalarVector('1.02') : { resultType: 'vector', result: [] } };
  return { ok: true, data: scalarVector(canary ? '100.2' : '200') };
}

const request = {
  target: 'acme-prod',
  namespace: 'acme-prod',
  rollout: 'publish',
  window: '10m',
  time: new Date(NOW * 1000),
};

describe('observeCanary', () => {
  it('reads requests, errors and latency buckets of both roles', async () => {
    const prometheus = fakePrometheus(healthy);
    const observation = await observeCanary(prometheus, DEFAULT_QUERY_TEMPLATES, request);
    expect(observation).toEqual({
      target: 'acme-prod',
      status: 'OBSERVED',
      sample: {
        target: 'acme-prod',
        canary: {
          requests: 100.2,
          errors: 1.02,
          latencyBuckets: [
            { le: 0.1, count: 90 },
            { le: 0.5, count: 99.6 },
            { le: Infinity, count: 100.2 },
          ],
        },
        stable: {
          requests: 200,
          errors: 0,
          latencyBuckets: [
            { le: 0.1, count: 180 },
            { le: 0.5, count: 198 },
            { le: Infinity, count: 200 },
          ],
        },
      },
    });
    expect(prometheus.queries).toHaveLength(6);
    expect(prometheus.queries.every((q) => q.includes('namespace="acme-prod",rollout="publish"'))).toBe(true);
  });

  it('never runs the reference templates: p95 and p99 come from the latency buckets', async () => {
    const prometheus = fakePrometheus(healthy);
    const templates = { ...DEFAULT_QUERY_TEMPLATES, latencyP95: 'reference_p95', latencyP99: 'reference_p99' };
    await observeCanary(prometheus, templates, request);
    expect(prometheus.queries.filter((q) => q.startsWith('reference_'))).toEqual([]);
    expect(prometheus.queries.filter((q) => q.includes('histogram_quantile'))).toEqual([]);
  });

  it.each([
    ['unreachable', true],
    ['timeout', true],
    ['server_error', true],
    ['bad_query', false],
  ] as const)('is OBSERVER_UNAVAILABLE when a query fails with %s', async (kind, retryable) => {
    const prometheus = fakePrometheus((promql) =>
      promql.includes('role="stable"') && promql.includes('_bucket')
        ? { ok: false, kind, message: 'boom' }
        : healthy(promql),
    );
    expect(await observeCanary(prometheus, DEFAULT_QUERY_TEMPLATES, request)).toEqual({
      target: 'acme-prod',
      status: 'OBSERVER_UNAVAILABLE',
      reason: `${kind}: boom`,
      retryable,
    });
  });
});
