import { judgeCanary } from './canary.judge.js';
import { sumHistograms } from './histogram.js';
import {
  DEFAULT_JUDGE_THRESHOLDS,
  type CanarySample,
  type CanaryVerdict,
  type JudgeThresholds,
  type RoleSample,
  type TargetObservation,
} from './judge.types.js';

/** The separator of pooled target names in a pooled sample's `target`. */
export const POOL_SEPARATOR = '+';

/** Targets split by traffic: those judged alone, and the low-traffic ones summed into one sample. */
export interface PooledTargets {
  individual: CanarySample[];
  /** The sum of every low-traffic target, or null when there is none. */
  pooled: CanarySample | null;
  /** Names of the targets in the pool. */
  pooledTargets: string[];
}

/**
 * Splits a ring's samples: a target with at least `minRequests` in both roles is judged alone; the others are summed
 * (requests, errors and histogram buckets per role) into one pooled sample, judged together. A pool that is still too
 * small stays INCONCLUSIVE.
 */
export function poolLowTraffic(targets: readonly CanarySample[], minRequests: number): PooledTargets {
  const individual = targets.filter((t) => t.canary.requests >= minRequests && t.stable.requests >= minRequests);
  const low = targets.filter((t) => !individual.includes(t));
  if (low.length === 0) return { individual, pooled: null, pooledTargets: [] };
  const pooledTargets = low.map((t) => t.target);
  const pooled: CanarySample = {
    target: pooledTargets.join(POOL_SEPARATOR),
    canary: sumRoles(low.map((t) => t.canary)),
    stable: sumRoles(low.map((t) => t.stable)),
  };
  return { individual, pooled, pooledTargets };
}

function sumRoles(samples: RoleSample[]): RoleSample {
  return {
    requests: samples.reduce((sum, s) => sum + s.requests, 0),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    latencyBuckets: sumHistograms(samples.map((s) => s.latencyBuckets)),
  };
}

/** One target's verdict within a ring; `pooled` when it came from the ring's low-traffic pool. */
export interface TargetVerdict {
  target: string;
  pooled: boolean;
  verdict: CanaryVerdict;
}

/**
 * Judges every observed target of a ring: high-traffic targets alone, low-traffic ones as one pool (each pool member
 * gets the pool's verdict, so a bad release shows even where no single environment has enough traffic). A target
 * whose observer was unavailable gets OBSERVER_UNAVAILABLE and is left out of the pool.
 */
export function judgeRing(
  observations: readonly TargetObservation[],
  thresholds: JudgeThresholds = DEFAULT_JUDGE_THRESHOLDS,
): TargetVerdict[] {
  const samples = observations.flatMap((o) => (o.status === 'OBSERVED' ? [{ ...o.sample, target: o.target }] : []));
  const { individual, pooled, pooledTargets } = poolLowTraffic(samples, thresholds.minRequests);
  const verdicts = new Map<string, TargetVerdict>();
  for (const sample of individual) {
    verdicts.set(sample.target, { target: sample.target, pooled: false, verdict: judgeCanary(sample, thresholds) });
  }
  if (pooled) {
    const verdict = judgeCanary(pooled, thresholds);
    const note = `judged with the ring's ${pooledTargets.length} low-traffic target(s) pooled`;
    for (const target of pooledTargets) {
      verdicts.set(target, { target, pooled: true, verdict: { ...verdict, reasons: [note, ...verdict.reasons] } });
    }
  }
  return observations.map((o) =>
    o.status === 'OBSERVED'
      ? verdicts.get(o.target)!
      : {
          target: o.target,
          pooled: false,
          verdict: {
            status: 'OBSERVER_UNAVAILABLE',
            reasons: [`metrics backend unavailable, nothing judged: ${o.reason}`],
            metrics: [],
          },
        },
  );
}
