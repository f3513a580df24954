import type { JudgeThresholds, QueryTemplates, TargetVerdict } from '@ringmaster/telemetry';

/** One target of a ring in bake: where its telemetry lives and which Rollouts (components) it runs. */
export interface BakeTarget {
  /** environment name (the engine's target key) */
  environment: string;
  cluster: string;
  namespace: string;
  /** one Rollout per component */
  rollouts: readonly string[];
  /** the cluster's Prometheus (Cluster.prometheusUrl); without one the target is not observed */
  prometheusUrl?: string | null;
}

/** A ring in bake, as the engine knows it. */
export interface BakeRing {
  ring: string;
  targets: readonly BakeTarget[];
  /** when the ring's bake started: the observed window runs from there to `now` */
  bakeStartedAt: Date;
  /**
   * when the ring started deploying: given, every target is taken as fully promoted (no canary left) and judged
   * against its own stable telemetry in the same-length window ending here (before/after); omitted, canary against
   * stable now
   */
  baselineAt?: Date;
  /** the ring plan's PromQL overrides (RingPlan.queries); defaults fill the rest */
  queries?: Partial<QueryTemplates> | null;
  /** the ring plan's analysis thresholds; the judge's defaults otherwise */
  thresholds?: JudgeThresholds;
}

/** A target the judge failed: the domain's `TargetObservation.failure`. */
export interface BakeFailure {
  signature: 'ERROR_RATE_REGRESSION' | 'LATENCY_REGRESSION';
  /** one human sentence per failing component metric */
  message: string;
}

/** What one bake observation of a ring found. */
export interface BakeReport {
  ring: string;
  /**
   * the metrics backend of at least one observed target could not be reached, or holds no request at all for one
   * (its cluster is not scraped, e.g. a metrics outage): the engine stops the bake clock. No telemetry never passes.
   */
  metricsUnreachable: boolean;
  /** environments Prometheus answered for with no request in either role */
  silent: readonly string[];
  /** by environment: targets the judge failed (signature error-rate or latency regression) */
  failures: ReadonlyMap<string, BakeFailure>;
  /** environments whose every component passed with enough traffic */
  passed: ReadonlySet<string>;
  /** environments without a Prometheus URL: not observed, never failed */
  unobserved: readonly string[];
  /** every component's verdict, keyed `environment/rollout` (for evidence and debugging) */
  verdicts: readonly TargetVerdict[];
  /** before/after judging has not begun: the bake is younger than the minimum window (nothing was queried) */
  tooEarly?: boolean;
  /**
   * some observed target neither passed nor failed (too early, too little traffic even pooled, no answer): the
   * telemetry has not decided, so the bake may not pass on time alone
   */
  undecided: boolean;
}

/** A report that observed nothing: every target unobserved, no failure, no pass. */
export function unobservedReport(ring: BakeRing, extra: Pick<BakeReport, 'undecided' | 'tooEarly'>): BakeReport {
  return {
    ring: ring.ring,
    metricsUnreachable: false,
    silent: [],
    failures: new Map(),
    passed: new Set(),
    unobserved: ring.targets.map((t) => t.environment),
    verdicts: [],
    ...extra,
  };
}
