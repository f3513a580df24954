// Benchmark of decide over 20,000 targets (not a test: it prints, it asserts nothing).
// Run: cd /work/main && npx tsc -p libs/domain/bench/tsconfig.json && node libs/domain/dist/bench/bench/decide.bench.js
import {
  DEFAULT_DECIDE_OPTIONS,
  decide,
  type Observations,
  type TargetObservation,
  type TrainState,
} from '../src/index.js';
import { environments, OLD_IMAGES, plan, ring, T0 } from '../test/train.fixtures.js';
import { newTrain } from '../src/train/train.factory.js';

const TARGETS = 20_000;
const CLUSTERS = 50;
const WARMUP = 5;
const PASSES = 30;

function scenario(name: string, build: () => { state: TrainState; observations: Observations }): void {
  const { state, observations } = build();
  for (let i = 0; i < WARMUP; i++) decide(state, observations, T0 + 1);
  const times: number[] = [];
  let last = decide(state, observations, T0 + 1);
  for (let i = 0; i < PASSES; i++) {
    const start = performance.now();
    last = decide(state, observations, T0 + 1);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.floor(times.length * 0.95)];
  console.log(
    `${name.padEnd(58)} median ${median.toFixed(1).padStart(6)} ms/pass  p95 ${p95.toFixed(1).padStart(6)} ms  ` +
      `(${last.actions.length} actions, ${last.events.length} events, ${last.changes.targets.length} targets changed)`,
  );
}

function fleet(
  mutate: (i: number) => { target: Partial<TrainState['targets'][number]>; observation?: Partial<TargetObservation> },
) {
  const rings = [
    ring('internal', { selector: 'ring=internal' }),
    ring('all', { selector: '', maxParallel: 1_000, bakeMs: 3_600_000, failureBudget: { maxFailurePercent: 5 } }),
  ];
  const envs = environments('all', TARGETS, CLUSTERS);
  const { state } = newTrain({
    id: 'bench',
    releaseVersion: '2026.47.1',
    plan: plan(rings),
    environments: envs,
    now: T0,
  });
  const targets = new Map<string, TargetObservation>();
  state.status = 'RUNNING';
  state.currentRingIndex = 1;
  state.rings[0] = { ...state.rings[0], status: 'PASSED' };
  state.rings[1] = { ...state.rings[1], status: 'DEPLOYING', startedAt: T0 };
  state.targets = state.targets.map((t, i) => {
    const { target, observation } = mutate(i);
    if (observation)
      targets.set(t.environment, { phase: 'Healthy', runsRelease: true, previousImages: OLD_IMAGES, ...observation });
    return { ...t, ...target };
  });
  const observations: Observations = {
    targets,
    unreachableClusters: new Set(['c7']),
    metricsUnreachableRings: new Set(),
    attributions: new Map(),
    rollbackSafety: new Map(),
  };
  return { state, observations };
}

const healthy = { status: 'HEALTHY' as const, attempts: 1, previousImages: OLD_IMAGES };

console.log(`decide over ${TARGETS} targets on ${CLUSTERS} clusters, ${PASSES} passes after ${WARMUP} warm-up`);
scenario('steady: 1,000 in flight, 15,000 healthy, 4,000 pending', () =>
  fleet((i) =>
    i < 1_000
      ? { target: { status: 'DEPLOYING', attempts: 1 }, observation: { phase: 'Progressing' } }
      : i < 16_000
        ? { target: healthy, observation: {} }
        : { target: {} },
  ),
);
scenario('busy: every in-flight deploy turns healthy, next wave goes', () =>
  fleet((i) => (i < 1_000 ? { target: { status: 'DEPLOYING', attempts: 1 }, observation: {} } : { target: {} })),
);
scenario('worst case: 20,000 in flight all turn healthy in one pass', () =>
  fleet(() => ({ target: { status: 'DEPLOYING', attempts: 1 }, observation: {} })),
);
scenario('halt: 1,001 release failures exhaust a 5% budget, aborts issued', () =>
  fleet((i) =>
    i < 1_001
      ? { target: { status: 'FAILED', attempts: 1, cause: 'RELEASE' } }
      : i < 3_000
        ? { target: { status: 'DEPLOYING', attempts: 1 }, observation: { phase: 'Progressing' } }
        : { target: healthy, observation: {} },
  ),
);
scenario('rollback: 20,000 targets start their rollback', () => {
  const built = fleet(() => ({ target: healthy, observation: {} }));
  built.state.status = 'ROLLING_BACK';
  return built;
});
console.log(`maxParallelRollbacks default: ${DEFAULT_DECIDE_OPTIONS.maxParallelRollbacks}`);
