import {
  DEFAULT_JUDGE_THRESHOLDS,
  PrometheusClient,
  judgeRing,
  observeCanary,
  resolveTemplates,
  sumHistograms,
  type InstantQuerier,
  type ObserveRequest,
  type QueryTemplates,
  type RoleSample,
  type TargetObservation,
  type TargetVerdict,
} from '@ringmaster/telemetry';
import { unobservedReport, type BakeFailure, type BakeReport, type BakeRing, type BakeTarget } from './bake.types.js';

/** Options of {@link BakeObserver}. */
export interface BakeObserverOptions {
  /** the shortest PromQL window observed, in seconds (a few scrape intervals); default 60 */
  minWindowSeconds?: number;
  /** per-query timeout in milliseconds */
  timeoutMs?: number;
  /** builds the client of one Prometheus URL; a real {@link PrometheusClient} by default */
  clientFor?: (url: string) => InstantQuerier;
}

const DEFAULT_MIN_WINDOW_SECONDS = 60;
const KEY_SEPARATOR = '/';

/**
 * Bake-time telemetry of a ring: queries each target's cluster Prometheus with the ring plan's templates (canary and
 * stable of every component), judges canary against stable with the telemetry judge (low-traffic components pooled;
 * INCONCLUSIVE is never a pass) and reports per-target failures and whether the metrics backend was reachable.
 * With `ring.baselineAt` (the engine's bake: every target fully promoted, so no canary is left) each component is
 * judged before/after instead: its traffic in the window now (the release) against its own stable traffic in the
 * same-length window ending at `baselineAt` (the previous release, before the ring was touched), and only once the
 * bake has run for `minWindowSeconds` (before, the report is `tooEarly`: nothing judged, the clock runs).
 * A report is `undecided` while some observed target has neither passed nor failed (too early, INCONCLUSIVE even
 * pooled): the engine keeps such a bake open past its time, so too little traffic is never a pass.
 *
 * The engine calls `observe(ring, now)` for each ring in bake while building Observations:
 * a target in `failures` gets `TargetObservation.failure = report.failures.get(env)`; `report.metricsUnreachable`
 * puts the ring in `Observations.metricsUnreachableRings` (the bake clock stops, nothing fails). Clients are shared
 * per Prometheus URL (several clusters may share one).
 */
export class BakeObserver {
  private readonly clients = new Map<string, InstantQuerier>();
  private readonly minWindowSeconds: number;
  private readonly clientFor: (url: string) => InstantQuerier;

  constructor(options: BakeObserverOptions = {}) {
    this.minWindowSeconds = options.minWindowSeconds ?? DEFAULT_MIN_WINDOW_SECONDS;
    this.clientFor =
      options.clientFor ?? ((baseUrl) => new PrometheusClient({ baseUrl, timeoutMs: options.timeoutMs }));
  }

  /**
   * Observes and judges one ring at `now` (the injected clock).
   * @throws TemplateError when the plan's query overrides cannot be rendered (validate plans when they are saved)
   */
  async observe(ring: BakeRing, now: Date): Promise<BakeReport> {
    const templates: QueryTemplates = resolveTemplates(ring.queries ?? {});
    const window = this.windowOf(ring.bakeStartedAt, now);
    // before/after: until the bake has run a whole minimum window, the window would hold the deploy itself
    if (ring.baselineAt && now.getTime() - ring.bakeStartedAt.getTime() < this.minWindowSeconds * 1000) {
      return tooEarly(ring);
    }
    const observed = ring.targets.filter((t) => hasUrl(t));
    const unobserved = ring.targets.filter((t) => !hasUrl(t)).map((t) => t.environment);
    const observations = await Promise.all(
      observed.flatMap((target) =>
        target.rollouts.map((rollout) => {
          const request: ObserveRequest = {
            target: keyOf(target.environment, rollout),
            namespace: target.namespace,
            rollout,
            window,
            time: now,
          };
          const client = this.client(target.prometheusUrl!);
          return ring.baselineAt
            ? observeBeforeAfter(client, templates, request, ring.baselineAt)
            : observeCanary(client, templates, request);
        }),
      ),
    );
    const verdicts = judgeRing(observations, ring.thresholds ?? DEFAULT_JUDGE_THRESHOLDS);
    const silent = [...new Set(observations.filter(isSilent).map((o) => environmentOf(o.target)))];
    const failures = failuresOf(verdicts);
    const passed = passedOf(observed, verdicts);
    return {
      ring: ring.ring,
      metricsUnreachable: silent.length > 0 || observations.some((o) => o.status === 'OBSERVER_UNAVAILABLE'),
      silent,
      failures,
      passed,
      unobserved,
      verdicts,
      undecided: observed.some((t) => !passed.has(t.environment) && !failures.has(t.environment)),
    };
  }

  /** The PromQL window from the bake's start to now, at least `minWindowSeconds`. */
  windowOf(bakeStartedAt: Date, now: Date): string {
    const elapsed = Math.ceil((now.getTime() - bakeStartedAt.getTime()) / 1000);
    return `${Math.max(elapsed, this.minWindowSeconds)}s`;
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

/**
 * A fully promoted component: what it serves now (both roles: all of it runs the release) as the "canary", against
 * its stable traffic in the window ending at `baselineAt` as the "stable". Silent or unavailable now wins (the bake
 * clock stops); an unavailable baseline is unavailable too.
 */
async function observeBeforeAfter(
  client: InstantQuerier,
  templates: QueryTemplates,
  request: ObserveRequest,
  baselineAt: Date,
): Promise<TargetObservation> {
  const [after, before] = await Promise.all([
    observeCanary(client, templates, request),
    observeCanary(client, templates, { ...request, time: baselineAt }),
  ]);
  if (after.status !== 'OBSERVED' || isSilent(after)) return after;
  if (before.status !== 'OBSERVED') return before;
  return {
    target: request.target,
    status: 'OBSERVED',
    sample: {
      target: request.target,
      canary: addSamples(after.sample.canary, after.sample.stable),
      stable: before.sample.stable,
    },
  };
}

function addSamples(a: RoleSample, b: RoleSample): RoleSample {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    latencyBuckets: sumHistograms([a.latencyBuckets, b.latencyBuckets]),
  };
}

function tooEarly(ring: BakeRing): BakeReport {
  return unobservedReport(ring, { tooEarly: true, undecided: true });
}

/** Prometheus answered, but has no request at all for either role: it does not scrape the target (yet). */
function isSilent(observation: TargetObservation): boolean {
  return (
    observation.status === 'OBSERVED' &&
    observation.sample.canary.requests === 0 &&
    observation.sample.stable.requests === 0
  );
}

function hasUrl(target: BakeTarget): boolean {
  return typeof target.prometheusUrl === 'string' && target.prometheusUrl.trim() !== '';
}

function keyOf(environment: string, rollout: string): string {
  return `${environment}${KEY_SEPARATOR}${rollout}`;
}

function environmentOf(key: string): string {
  return key.slice(0, key.lastIndexOf(KEY_SEPARATOR));
}

function rolloutOf(key: string): string {
  return key.slice(key.lastIndexOf(KEY_SEPARATOR) + 1);
}

/** Per environment, the first failing metric decides the signature (error rate before latency). */
function failuresOf(verdicts: readonly TargetVerdict[]): Map<string, BakeFailure> {
  const failures = new Map<string, BakeFailure>();
  const messages = new Map<string, string[]>();
  for (const { target, verdict } of verdicts) {
    if (verdict.status !== 'FAIL') continue;
    const environment = environmentOf(target);
    const failed = verdict.metrics.filter((m) => m.status === 'FAIL');
    const lines = messages.get(environment) ?? [];
    lines.push(...failed.map((m) => `${rolloutOf(target)}: ${m.reason}`));
    messages.set(environment, lines);
    const previous = failures.get(environment);
    const errorRate = failed.some((m) => m.metric === 'errorRate') || previous?.signature === 'ERROR_RATE_REGRESSION';
    failures.set(environment, {
      signature: errorRate ? 'ERROR_RATE_REGRESSION' : 'LATENCY_REGRESSION',
      message: lines.join(' '),
    });
  }
  return failures;
}

function passedOf(targets: readonly BakeTarget[], verdicts: readonly TargetVerdict[]): Set<string> {
  const byKey = new Map(verdicts.map((v) => [v.target, v.verdict.status]));
  return new Set(
    targets
      .filter((t) => t.rollouts.length > 0 && t.rollouts.every((r) => byKey.get(keyOf(t.environment, r)) === 'PASS'))
      .map((t) => t.environment),
  );
}
