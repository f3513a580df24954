import {
  PrometheusClient,
  renderTemplate,
  resolveTemplates,
  singleValue,
  type InstantQuerier,
  type QueryTemplates,
} from '@ringmaster/telemetry';
import { classifySignature } from '@ringmaster/domain';

/** Where an environment's stable (old) version can be observed. */
export interface BaselineTarget {
  environment: string;
  namespace: string;
  rollouts: readonly string[];
  prometheusUrl?: string | null;
  /** the raw or normal signature of the failure being judged */
  signature: string;
  /** evaluation time (the injected clock) */
  at: Date;
  /** PromQL overrides of the ring plan */
  queries?: Partial<QueryTemplates> | null;
}

/**
 * Baseline signal: does the stable version in the same environment fail the same way? `undefined` when it cannot be
 * told (no metrics, a signature metrics cannot show): the signal then does not fire.
 */
export interface BaselineProbe {
  stableFailingSameWay(target: BaselineTarget): Promise<boolean | undefined>;
}

/** Options of {@link PrometheusBaselineProbe}. */
export interface PrometheusBaselineOptions {
  /** the stable error ratio at or above which stable counts as failing (default 0.05) */
  failingErrorRatio?: number;
  /** the PromQL window (default `5m`) */
  window?: string;
  timeoutMs?: number;
  clientFor?: (url: string) => InstantQuerier;
}

const DEFAULT_FAILING_ERROR_RATIO = 0.05;
const DEFAULT_WINDOW = '5m';

/**
 * Baseline from Prometheus: the `errorRatio` template with role="stable" for every component of the environment.
 * Stable fails the same way when any component's stable error ratio reaches the threshold. Only error-rate and
 * crash-like failures of code are judged this way (a customer's broken code breaks stable pods' responses too); for
 * other signatures, or when Prometheus cannot answer or has no stable traffic, the answer is `undefined`.
 */
export class PrometheusBaselineProbe implements BaselineProbe {
  private readonly clients = new Map<string, InstantQuerier>();
  private readonly failingErrorRatio: number;
  private readonly window: string;
  private readonly clientFor: (url: string) => InstantQuerier;

  constructor(options: PrometheusBaselineOptions = {}) {
    this.failingErrorRatio = options.failingErrorRatio ?? DEFAULT_FAILING_ERROR_RATIO;
    this.window = options.window ?? DEFAULT_WINDOW;
    this.clientFor =
      options.clientFor ?? ((baseUrl) => new PrometheusClient({ baseUrl, timeoutMs: options.timeoutMs }));
  }

  async stableFailingSameWay(target: BaselineTarget): Promise<boolean | undefined> {
    const url = target.prometheusUrl?.trim();
    if (!url || !JUDGED_BY_ERRORS.has(classifySignature(target.signature))) return undefined;
    const templates = resolveTemplates(target.queries ?? {});
    const client = this.client(url);
    const ratios = await Promise.all(
      target.rollouts.map(async (rollout) => {
        const promql = renderTemplate(templates.errorRatio, {
          namespace: target.namespace,
          rollout,
          role: 'stable',
          window: this.window,
        });
        const result = await client.query(promql, { time: target.at });
        if (!result.ok) return undefined;
        if (result.data.resultType === 'vector' && result.data.result.length === 0) return undefined;
        return singleValue(result.data) ?? undefined;
      }),
    );
    const known = ratios.filter((r): r is number => r !== undefined);
    if (known.length === 0) return undefined;
    return known.some((ratio) => ratio >= this.failingErrorRatio);
  }

  private client(url: string): InstantQuerier {
    let client = this.clients.get(url);
    if (!client) {
      client = this.clientFor(url);
      this.clients.set(url, client);
    }
    return client;
  }
}

const JUDGED_BY_ERRORS = new Set(['ERROR_RATE_REGRESSION', 'CRASH_LOOP', 'READINESS', 'OTHER']);
