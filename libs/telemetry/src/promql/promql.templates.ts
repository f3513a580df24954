/**
 * PromQL templates for bake-time telemetry. A ring plan may override any of them; the defaults assume the metric
 * conventions of shared/API.md: `http_requests_total{namespace, rollout, role, code}` and
 * `http_request_duration_seconds_bucket{namespace, rollout, role, le}`, canary and stable told apart by `role`.
 *
 * Placeholders: `{{namespace}}`, `{{rollout}}`, `{{role}}`, `{{window}}`. Any other `{{...}}` is an error.
 */

/**
 * The PromQL of a ring plan, per role. The canary observer runs `requests`, `errors` and `latencyBuckets`, and the
 * judge derives everything else from them: the error ratios, and each role's p95 and p99, interpolated from the
 * `latencyBuckets` answer as `histogram_quantile` would (so the quantiles reported are those of the very histogram the
 * latency test ranks, at no extra query). `errorRatio` is run by attribution's baseline probe (is stable failing too?).
 * `latencyP95` and `latencyP99` are reference templates: no component queries them; they state the quantiles the
 * judge reports in PromQL, for dashboards and range queries, and a plan may override them (validated like the rest),
 * but an override changes no verdict: to change what the judge sees, override `latencyBuckets`.
 */
export interface QueryTemplates {
  /** Requests in the window (a number). Observed per role. */
  requests: string;
  /** Server errors (5xx) in the window (a number). Observed per role. */
  errors: string;
  /** 5xx / all over the window (a ratio). Attribution's baseline probe runs it for the stable role. */
  errorRatio: string;
  /**
   * Cumulative request counts per latency bucket in the window, `sum by (le)`. Observed per role: the judge ranks
   * these and interpolates each role's p95 and p99 from them.
   */
  latencyBuckets: string;
  /** Reference, not queried: 95th percentile latency in seconds over the window, as the judge reports it. */
  latencyP95: string;
  /** Reference, not queried: 99th percentile latency in seconds over the window, as the judge reports it. */
  latencyP99: string;
}

export type QueryName = keyof QueryTemplates;

export const QUERY_NAMES: readonly QueryName[] = [
  'requests',
  'errors',
  'errorRatio',
  'latencyBuckets',
  'latencyP95',
  'latencyP99',
];

export const PLACEHOLDERS = ['namespace', 'rollout', 'role', 'window'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type Role = 'canary' | 'stable';
export const ROLES: readonly Role[] = ['canary', 'stable'];

/** Values substituted into a template. */
export type TemplateValues = Record<Placeholder, string>;

const SELECTOR = 'namespace="{{namespace}}",rollout="{{rollout}}",role="{{role}}"';
const REQUESTS = `http_requests_total{${SELECTOR}}`;
const SERVER_ERRORS = `http_requests_total{${SELECTOR},code=~"5.."}`;
const BUCKETS = `http_request_duration_seconds_bucket{${SELECTOR}}`;

/** The defaults of shared/API.md. */
export const DEFAULT_QUERY_TEMPLATES: Readonly<QueryTemplates> = Object.freeze({
  requests: `sum(increase(${REQUESTS}[{{window}}]))`,
  errors: `sum(increase(${SERVER_ERRORS}[{{window}}]))`,
  errorRatio: `sum(rate(${SERVER_ERRORS}[{{window}}])) / sum(rate(${REQUESTS}[{{window}}]))`,
  latencyBuckets: `sum by (le) (increase(${BUCKETS}[{{window}}]))`,
  latencyP95: `histogram_quantile(0.95, sum by (le) (rate(${BUCKETS}[{{window}}])))`,
  latencyP99: `histogram_quantile(0.99, sum by (le) (rate(${BUCKETS}[{{window}}])))`,
});

/** A template or a value that cannot be used. */
export class TemplateError extends Error {
  constructor(
    message: string,
    /** The query at fault, when known. */
    readonly query?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER_PATTERN = /\{\{\s*([^}]*?)\s*\}\}/g;
/** A PromQL duration: `30s`, `5m`, `1h30m`. */
const DURATION_PATTERN = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** The problems of one template (unknown placeholder, unbalanced braces, empty); `[]` when it is usable. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  if (template.trim() === '') problems.push('the template is empty');
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(match[1])) {
      problems.push(`unknown placeholder {{${match[1]}}} (known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`);
    }
  }
  const rest = template.replace(PLACEHOLDER_PATTERN, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('unbalanced {{ }} braces');
  return problems;
}

/**
 * Merges a ring plan's overrides onto the defaults and validates every template.
 * @throws TemplateError naming the first query at fault.
 */
export function resolveTemplates(overrides: Partial<QueryTemplates> = {}): QueryTemplates {
  const templates: QueryTemplates = { ...DEFAULT_QUERY_TEMPLATES };
  for (const name of QUERY_NAMES) {
    const override = overrides[name];
    if (override !== undefined) templates[name] = override;
    const problems = templateProblems(templates[name]);
    if (problems.length > 0) throw new TemplateError(`query ${name}: ${problems.join('; ')}`, name);
  }
  for (const name of Object.keys(overrides)) {
    if (!(QUERY_NAMES as readonly string[]).includes(name)) throw new TemplateError(`unknown query ${name}`, name);
  }
  return templates;
}

/**
 * Fills a template. Label values are escaped for a double-quoted PromQL string; `role` must be canary or stable and
 * `window` a PromQL duration, so a value can never change the query's structure.
 * @throws TemplateError on an unknown placeholder or an unusable value.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const problems = templateProblems(template);
  if (problems.length > 0) throw new TemplateError(problems.join('; '));
  if (!(ROLES as readonly string[]).includes(values.role)) {
    throw new TemplateError(`role must be one of ${ROLES.join(', ')}, got "${values.role}"`);
  }
  if (!DURATION_PATTERN.test(values.window)) {
    throw new TemplateError(`window must be a PromQL duration like 5m or 1h30m, got "${values.window}"`);
  }
  return template.replace(PLACEHOLDER_PATTERN, (_match, name: Placeholder) => escapeLabelValue(values[name]));
}

/** Escapes a value for use inside a double-quoted PromQL string. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
