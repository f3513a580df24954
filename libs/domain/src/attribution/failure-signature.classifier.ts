/**
 * Failure signatures: the kind of failure a target shows (DESIGN.md, "Attribution", Signature). Drivers and the judge
 * report raw reasons (`CrashLoopBackOff`, `ErrImagePull`, `OOMKilled`, an analysis run's error...); they are
 * normalised here so that the same failure is counted once across the fleet.
 */
export const FAILURE_SIGNATURES = [
  'CRASH_LOOP',
  'READINESS',
  'ERROR_RATE_REGRESSION',
  'LATENCY_REGRESSION',
  'IMAGE_PULL',
  'OOM_KILLED',
  'ANALYSIS_PROVIDER_ERROR',
  'NODE_NOT_READY',
  'API_UNAVAILABLE',
  'OTHER',
] as const;
export type FailureSignature = (typeof FAILURE_SIGNATURES)[number];

/**
 * Signatures of the infrastructure, not of any code: the Kubernetes API or a node is unavailable, or the metrics
 * backend the analysis depends on cannot be reached. Always TRANSIENT.
 */
export const INFRASTRUCTURE_SIGNATURES: readonly FailureSignature[] = [
  'ANALYSIS_PROVIDER_ERROR',
  'NODE_NOT_READY',
  'API_UNAVAILABLE',
];

/** Human names, for evidence sentences. */
export const SIGNATURE_DESCRIPTIONS: Readonly<Record<FailureSignature, string>> = {
  CRASH_LOOP: 'a crash loop',
  READINESS: 'failing readiness probes',
  ERROR_RATE_REGRESSION: 'an error-rate regression',
  LATENCY_REGRESSION: 'a latency regression',
  IMAGE_PULL: 'an image pull failure',
  OOM_KILLED: 'containers killed out of memory',
  ANALYSIS_PROVIDER_ERROR: 'an analysis provider error (metrics unreachable)',
  NODE_NOT_READY: 'a node not ready',
  API_UNAVAILABLE: 'the Kubernetes API unavailable',
  OTHER: 'an unclassified failure',
};

// First match wins; the patterns are the reasons Kubernetes, Argo Rollouts and the judge report.
const RULES: readonly [RegExp, FailureSignature][] = [
  [/^(crash[-_ ]?loop|crashloopbackoff)/i, 'CRASH_LOOP'],
  [/(^|[^a-z])oom/i, 'OOM_KILLED'],
  [/(errimagepull|imagepullbackoff|image[-_ ]?pull|invalidimagename)/i, 'IMAGE_PULL'],
  [/readiness|not[-_ ]?ready.*pod|unhealthy/i, 'READINESS'],
  [/(error[-_ ]?rate|5xx)/i, 'ERROR_RATE_REGRESSION'],
  [/latency/i, 'LATENCY_REGRESSION'],
  [
    /(analysis[-_ ]?provider|metrics?[-_ ]?(unreachable|unavailable)|observer[-_ ]?unavailable|prometheus)/i,
    'ANALYSIS_PROVIDER_ERROR',
  ],
  [/node[-_ ]?not[-_ ]?ready|nodenotready/i, 'NODE_NOT_READY'],
  [/(api[-_ ]?(server[-_ ]?)?unavailable|cluster[-_ ]?unreachable)/i, 'API_UNAVAILABLE'],
];

/** Normalises a raw failure reason (or an already normal signature) to a {@link FailureSignature}. */
export function classifySignature(raw: string): FailureSignature {
  const trimmed = raw.trim();
  if ((FAILURE_SIGNATURES as readonly string[]).includes(trimmed)) return trimmed as FailureSignature;
  return RULES.find(([pattern]) => pattern.test(trimmed))?.[1] ?? 'OTHER';
}

export function isInfrastructureSignature(signature: FailureSignature): boolean {
  return INFRASTRUCTURE_SIGNATURES.includes(signature);
}
