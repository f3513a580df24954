import type { EnvironmentTarget } from '@ringmaster/clusters';
import type { Observations, TargetObservation, TrainState } from '@ringmaster/domain';
import type { QueryTemplates } from '@ringmaster/telemetry';
import { judgeThresholdsOf } from '../telemetry/bake.thresholds.js';
import type { BakeReport, BakeRing } from '../telemetry/bake.types.js';

/** What a pass knows about where a train's telemetry lives. */
export interface BakeContext {
  /** by environment: where its Rollouts are */
  targets: ReadonlyMap<string, EnvironmentTarget>;
  /** by environment: its cluster's Prometheus (absent or null: not observed, the ring bakes by time only) */
  prometheusUrls: ReadonlyMap<string, string | null>;
  /** the ring plan's PromQL overrides */
  queries?: Partial<QueryTemplates> | null;
}

/**
 * The ring whose bake telemetry a pass should look at: the current ring of a RUNNING train while it BAKES, with its
 * HEALTHY targets (failed and excluded ones are judged already), judged before/after against the ring's start.
 * Undefined when nothing bakes. Pure.
 */
export function bakingRingOf(state: TrainState, ctx: BakeContext): BakeRing | undefined {
  const r = state.currentRingIndex;
  if (state.status !== 'RUNNING' || r === undefined) return undefined;
  const run = state.rings[r];
  if (run?.status !== 'BAKING' || run.bakeStartedAt === undefined) return undefined;
  const policy = state.plan.rings[r];
  const targets = state.targets.flatMap((t) => {
    const where = t.ringIndex === r && t.status === 'HEALTHY' ? ctx.targets.get(t.environment) : undefined;
    if (!where) return [];
    return [
      {
        environment: t.environment,
        cluster: where.cluster,
        namespace: where.namespace,
        rollouts: where.components.map((c) => c.rollout),
        prometheusUrl: ctx.prometheusUrls.get(t.environment) ?? null,
      },
    ];
  });
  return {
    ring: policy.name,
    targets,
    bakeStartedAt: new Date(run.bakeStartedAt),
    // HEALTHY targets are fully promoted: judged against their telemetry from before the ring touched them
    baselineAt: new Date(run.startedAt ?? run.bakeStartedAt),
    queries: ctx.queries,
    thresholds: judgeThresholdsOf(policy.analysis),
  };
}

/**
 * The target observations with the bake report's judged failures merged in: a target the judge failed gets
 * `failure` (ERROR_RATE_REGRESSION / LATENCY_REGRESSION) unless the cluster already reports one. Targets the
 * driver did not observe this pass stay unknown (a failure needs a target running the release). Pure.
 */
export function withBakeFailures(
  targets: ReadonlyMap<string, TargetObservation>,
  report: BakeReport | undefined,
): ReadonlyMap<string, TargetObservation> {
  if (!report || report.failures.size === 0) return targets;
  const merged = new Map(targets);
  for (const [environment, failure] of report.failures) {
    const o = merged.get(environment);
    if (!o || !o.runsRelease || o.failure) continue;
    merged.set(environment, { ...o, failure: { signature: failure.signature, message: failure.message } });
  }
  return merged;
}

/**
 * The ring-level bake signals of a report for `decide`: its ring's metrics unreachable (the bake clock stops) and its
 * telemetry undecided (the bake may not pass on time alone). Empty without a report. Pure.
 */
export function bakeRingSignals(
  report: BakeReport | undefined,
): Pick<Observations, 'metricsUnreachableRings' | 'bakeUndecidedRings'> {
  return {
    metricsUnreachableRings: new Set(report?.metricsUnreachable ? [report.ring] : []),
    bakeUndecidedRings: new Set(report?.undecided ? [report.ring] : []),
  };
}
