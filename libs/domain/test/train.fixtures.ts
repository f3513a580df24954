// Builders and a fake fleet for the train specs and the decide benchmark. Not part of the library's build.
import type { Cause } from '../src/common/domain.enums.js';
import type { RingPlan, RingPolicy } from '../src/policy/ring-plan.model.js';
import type { Action } from '../src/train/train.actions.js';
import type {
  AttributionResult,
  Observations,
  RollbackSafety,
  TargetObservation,
} from '../src/train/train.observations.js';
import { newTrain, type TrainEnvironment } from '../src/train/train.factory.js';
import type { TargetState, TrainState } from '../src/train/train.state.js';

export const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
export const MINUTE = 60_000;
export const OLD_IMAGES = { app: 'registry.example.com/cms/app:2026.46.0' };

export function ring(name: string, over: Partial<RingPolicy> = {}): RingPolicy {
  return {
    name,
    kind: 'COHORT',
    selector: `ring=${name}`,
    maxParallel: 10,
    bakeMs: 0,
    failureBudget: { maxFailures: 0 },
    gate: 'AUTO',
    analysis: {},
    ...over,
  };
}

export function plan(rings: RingPolicy[], autoRollback = false): RingPlan {
  return { name: 'weekly', rings, autoRollback };
}

/** Environments `<ring>-<n>`, spread round-robin over `clusters` clusters `c0`, `c1`... */
export function environments(ringName: string, count: number, clusters = 2): TrainEnvironment[] {
  return Array.from({ length: count }, (_, n) => ({
    name: `${ringName}-${n}`,
    cluster: `c${n % clusters}`,
    tenant: `tenant-${n}`,
    labels: { ring: ringName },
  }));
}

/** A SCHEDULED train over `counts[i]` environments in ring i. */
export function train(rings: RingPolicy[], counts: number[], over: Partial<TrainState> = {}): TrainState {
  const envs = rings.flatMap((r, i) => environments(r.name, counts[i] ?? 0));
  const { state } = newTrain({
    id: 'train-1',
    releaseVersion: '2026.47.1',
    plan: plan(rings),
    environments: envs,
    now: T0,
  });
  return { ...state, ...over };
}

/** A RUNNING train whose ring `r` is `ringStatus` (earlier rings PASSED), with targets patched by environment. */
export function running(
  rings: RingPolicy[],
  counts: number[],
  opts: {
    r?: number;
    ringStatus?: 'DEPLOYING' | 'BAKING';
    targets?: Record<string, Partial<TargetState>>;
    train?: Partial<TrainState>;
  } = {},
): TrainState {
  const r = opts.r ?? 0;
  const base = train(rings, counts);
  return {
    ...base,
    status: 'RUNNING',
    startedAt: T0,
    currentRingIndex: r,
    rings: base.rings.map((run, i) =>
      i < r
        ? { ...run, status: 'PASSED', startedAt: T0 }
        : i === r
          ? { ...run, status: opts.ringStatus ?? 'DEPLOYING', startedAt: T0 }
          : run,
    ),
    targets: base.targets.map((t) => {
      const passed: Partial<TargetState> =
        t.ringIndex < r ? { status: 'HEALTHY', attempts: 1, previousImages: OLD_IMAGES } : {};
      return { ...t, ...passed, ...opts.targets?.[t.environment] };
    }),
    ...opts.train,
  };
}

export const deployed = (over: Partial<TargetState> = {}): Partial<TargetState> => ({
  status: 'DEPLOYING',
  attempts: 1,
  previousImages: OLD_IMAGES,
  ...over,
});

export const observed = (over: Partial<TargetObservation> = {}): TargetObservation => ({
  phase: 'Healthy',
  runsRelease: true,
  previousImages: OLD_IMAGES,
  ...over,
});

/** A mutable builder of Observations. */
export class Obs {
  readonly targets = new Map<string, TargetObservation>();
  readonly unreachableClusters = new Set<string>();
  readonly metricsUnreachableRings = new Set<string>();
  readonly bakeUndecidedRings = new Set<string>();
  readonly attributions = new Map<string, AttributionResult>();
  readonly rollbackSafety = new Map<string, RollbackSafety>();

  target(environment: string, over: Partial<TargetObservation> = {}): this {
    this.targets.set(environment, observed(over));
    return this;
  }
  attributed(environment: string, cause: Cause, attempt = 1, over: Partial<AttributionResult> = {}): this {
    this.attributions.set(environment, { attempt, cause, confidence: 0.9, evidence: ['spread'], ...over });
    return this;
  }
  safety(environment: string, safe: boolean, missing?: string[], reverted?: boolean): this {
    this.rollbackSafety.set(environment, { safe, missing, ...(reverted === undefined ? {} : { reverted }) });
    return this;
  }
  unreachable(cluster: string): this {
    this.unreachableClusters.add(cluster);
    return this;
  }
  metricsDown(ringName: string): this {
    this.metricsUnreachableRings.add(ringName);
    return this;
  }
  undecided(ringName: string): this {
    this.bakeUndecidedRings.add(ringName);
    return this;
  }
}

interface FakeEnvironment {
  runsRelease: boolean;
  appliedAttempt?: number;
  runsPreviousImages: boolean;
  aborted: boolean;
  phase: TargetObservation['phase'];
  failure?: TargetObservation['failure'];
}

/**
 * A fleet that obeys actions at once: deploys turn Healthy, or Degraded for environments `badFor` picks;
 * attributions answer `causeFor`; rollbacks are safe unless `unsafe` says otherwise.
 */
export class FakeFleet {
  readonly envs = new Map<string, FakeEnvironment>();
  readonly writes = new Map<string, number>();
  readonly attributions = new Map<string, AttributionResult>();
  readonly safety = new Map<string, RollbackSafety>();

  constructor(
    state: TrainState,
    readonly badFor: (environment: string) => boolean = () => false,
    readonly causeFor: (environment: string) => Cause = () => 'RELEASE',
    readonly unsafe: (environment: string) => boolean = () => false,
  ) {
    for (const t of state.targets) {
      this.envs.set(t.environment, { runsRelease: false, runsPreviousImages: true, aborted: false, phase: 'Healthy' });
    }
  }

  apply(actions: readonly Action[]): void {
    for (const a of actions) {
      const env = this.envs.get(a.environment)!;
      if (a.type === 'deploy' || a.type === 'abort' || a.type === 'rollback') {
        this.writes.set(a.environment, (this.writes.get(a.environment) ?? 0) + 1);
      }
      switch (a.type) {
        case 'deploy':
          Object.assign(env, {
            runsRelease: true,
            runsPreviousImages: false,
            appliedAttempt: a.attempt,
            aborted: false,
          });
          env.phase = this.badFor(a.environment) ? 'Degraded' : 'Healthy';
          env.failure = env.phase === 'Degraded' ? { signature: 'CrashLoopBackOff' } : undefined;
          break;
        case 'abort':
          Object.assign(env, { aborted: true, phase: 'Degraded' });
          break;
        case 'rollback':
          Object.assign(env, { runsRelease: false, runsPreviousImages: true, phase: 'Healthy', failure: undefined });
          break;
        case 'attribute':
          this.attributions.set(a.environment, {
            attempt: a.attempt,
            cause: this.causeFor(a.environment),
            confidence: 0.8,
          });
          break;
        case 'rollbackIfSafe':
          if (this.unsafe(a.environment)) {
            this.safety.set(a.environment, { safe: false, missing: ['secret/s-1'] });
            break;
          }
          this.safety.set(a.environment, { safe: true, reverted: true });
          this.writes.set(a.environment, (this.writes.get(a.environment) ?? 0) + 1);
          Object.assign(env, { runsRelease: false, runsPreviousImages: true, phase: 'Healthy', failure: undefined });
          break;
        case 'promote':
          env.phase = 'Healthy';
          break;
      }
    }
  }

  observe(): Observations {
    const targets = new Map<string, TargetObservation>();
    for (const [name, e] of this.envs) {
      targets.set(name, {
        phase: e.phase,
        runsRelease: e.runsRelease,
        appliedAttempt: e.appliedAttempt,
        runsPreviousImages: e.runsPreviousImages,
        previousImages: OLD_IMAGES,
        aborted: e.aborted,
        failure: e.failure,
      });
    }
    return {
      targets,
      unreachableClusters: new Set(),
      metricsUnreachableRings: new Set(),
      attributions: this.attributions,
      rollbackSafety: this.safety,
    };
  }
}
