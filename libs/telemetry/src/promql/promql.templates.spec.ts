import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_QUERY_TEMPLATES,
  QUERY_NAMES,
  renderTemplate,
  resolveTemplates,
  TemplateError,
  templateProblems,
  type TemplateValues,
} from './promql.templates.js';

const values: TemplateValues = { namespace: 'acme-prod', rollout: 'publish', role: 'canary', window: '10m' };

describe('default templates', () => {
  it.each([
    ['requests', 'sum(increase(http_requests_total{namespace="acme-prod",rollout="publish",role="canary"}[10m]))'],
    [
      'errors',
      'sum(increase(http_requests_total{namespace="acme-prod",rollout="publish",role="canary",code=~"5.."}[10m]))',
    ],
    [
      'errorRatio',
      'sum(rate(http_requests_total{namespace="acme-prod",rollout="publish",role="canary",code=~"5.."}[10m])) / ' +
        'sum(rate(http_requests_total{namespace="acme-prod",rollout="publish",role="canary"}[10m]))',
    ],
    [
      'latencyBuckets',
      'sum by (le) (increase(http_request_duration_seconds_bucket{namespace="acme-prod",rollout="publish",role="canary"}[10m]))',
    ],
    [
      'latencyP95',
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="acme-prod",rollout="publish",role="canary"}[10m])))',
    ],
    [
      'latencyP99',
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="acme-prod",rollout="publish",role="canary"}[10m])))',
    ],
  ] as const)('%s renders for a canary', (name, expected) => {
    expect(renderTemplate(DEFAULT_QUERY_TEMPLATES[name], values)).toBe(expected);
  });

  it('are all valid', () => {
    expect(QUERY_NAMES.flatMap((name) => templateProblems(DEFAULT_QUERY_TEMPLATES[name]))).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('escapes label values so they cannot change the query', () => {
    expect(renderTemplate('x{namespace="{{namespace}}"}', { ...values, namespace: 'a"} or vector(1) #\\' })).toBe(
      'x{namespace="a\\"} or vector(1) #\\\\"}',
    );
  });

  it('accepts spaces inside the braces', () => {
    expect(renderTemplate('x{role="{{ role }}"}[{{window}}]', values)).toBe('x{role="canary"}[10m]');
  });

  it.each([
    ['an unknown placeholder', 'x{env="{{environment}}"}', values, /unknown placeholder \{\{environment\}\}/],
    ['unbalanced braces', 'x{role="{{role}"}', values, /unbalanced/],
    ['a role that is neither canary nor stable', 'x', { ...values, role: 'preview' }, /role must be one of/],
    [
      'a window that is not a duration',
      'x',
      { ...values, window: '10m] or vector(1)' },
      /window must be a PromQL duration/,
    ],
  ])('rejects %s', (_name, template, vals, message) => {
    expect(() => renderTemplate(template, vals)).toThrow(TemplateError);
    expect(() => renderTemplate(template, vals)).toThrow(message);
  });
});

describe('resolveTemplates', () => {
  it('uses the defaults and a ring plan’s overrides', () => {
    const custom = 'sum(increase(requests_total{ns="{{namespace}}",app="{{rollout}}",track="{{role}}"}[{{window}}]))';
    expect(resolveTemplates({ requests: custom })).toEqual({ ...DEFAULT_QUERY_TEMPLATES, requests: custom });
    expect(resolveTemplates()).toEqual(DEFAULT_QUERY_TEMPLATES);
  });

  it.each([
    ['an unknown placeholder', { errors: 'x{a="{{tenant}}"}' }, /^query errors: unknown placeholder \{\{tenant\}\}/],
    ['an empty template', { latencyP95: ' ' }, /^query latencyP95: the template is empty/],
    ['an unknown query', { throughput: 'x' }, /^unknown query throughput/],
  ])('rejects %s', (_name, overrides, message) => {
    expect(() => resolveTemplates(overrides as never)).toThrow(message);
  });
});
