export {
  PrometheusClient,
  DEFAULT_PROMETHEUS_TIMEOUT_MS,
  type PrometheusClientOptions,
  type InstantQueryOptions,
  type RangeQueryOptions,
} from './prometheus/prometheus.client.js';
export type {
  PromErrorKind,
  PromMatrixSeries,
  PromQueryData,
  PromResult,
  PromSample,
  PromVectorSeries,
} from './prometheus/prometheus.types.js';
export { singleValue, valuesByLabel } from './prometheus/prometheus.values.js';
export {
  DEFAULT_QUERY_TEMPLATES,
  PLACEHOLDERS,
  QUERY_NAMES,
  ROLES,
  TemplateError,
  escapeLabelValue,
  renderTemplate,
  resolveTemplates,
  templateProblems,
  type Placeholder,
  type QueryName,
  type QueryTemplates,
  type Role,
  type TemplateValues,
} from './promql/promql.templates.js';
export * from './judge/judge.types.js';
export { judgeCanary } from './judge/canary.judge.js';
export {
  judgeRing,
  poolLowTraffic,
  POOL_SEPARATOR,
  type PooledTargets,
  type TargetVerdict,
} from './judge/ring.judge.js';
export { mannWhitneyGrouped, mannWhitneyU, type MannWhitneyResult } from './judge/mann-whitney.stat.js';
export {
  binomialUpperTail,
  compareErrorCounts,
  EXACT_TEST_MAX_ERRORS,
  type ErrorCountResult,
} from './judge/error-count.stat.js';
export { alignBuckets, histogramQuantile, histogramTotal, quantileEstimate, sumHistograms } from './judge/histogram.js';
export { observeCanary, type InstantQuerier, type ObserveRequest } from './observer/canary.observer.js';
