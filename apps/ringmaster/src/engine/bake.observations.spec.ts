import { describe, expect, it } from '@jest/globals';
import type { EnvironmentTarget } from '@ringmaster/clusters';
import { newTrain, type RingRunState, type TargetObservation, type TrainState } from '@ringmaster/domain';
import type { BakeReport } from '../telemetry/bake.types.js';
import { bakeRingSignals, bakingRingOf, withBakeFailures } from './bake.observations.js';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const PROM = 'http://prom:9090';

function train(ring: Partial<RingRunState>, status: TrainState['status'] = 'RUNNING'): TrainState {
  const { state } = newTrain({
    id: 't',
    releaseVersion: '2026.49.0',
    plan: {
      name: 'p',
      autoRollback: false,
      rings: [
        {
          name: 'cohort',
          kind: 'COHORT',
          selector: '',
          maxParallel: 2,
          bakeMs: 60_000,
          failureBudget: { maxFailures: 0 },
          gate: 'AUTO',
          analysis: { minRequests: 50 },
        },
      ],
    },
    environments: ['a', 'b', 'c'].map((name) => ({ name, cluster: 'eu-1', tenant: name, labels: {} })),
    now: T0,
  });
  return {
    ...state,
    status,
    currentRingIndex: 0,
    rings: [{ ...state.rings[0], ...ring }],
    targets: state.targets.map((t, i) => ({ ...t, status: i === 2 ? 'FAILED' : 'HEALTHY', attempts: 1 })),
  };
}

const where = (environment: string): EnvironmentTarget => ({
  environment,
  cluster: 'eu-1',
  namespace: `ns-${environment}`,
  components: [{ component: 'author', rollout: 'author-ro' }],
});
const ctx = {
  targets: new Map(['a', 'b', 'c'].map((e) => [e, where(e)])),
  prometheusUrls: new Map<string, string | null>([
    ['a', PROM],
    ['b', null],
  ]),
  queries: { requests: 'x' },
};

describe('bakingRingOf', () => {
  it.each<[string, TrainState, boolean]>([
    ['a ring still deploying', train({ status: 'DEPLOYING' }), false],
    ['a halted train', train({ status: 'BAKING', bakeStartedAt: T0 }, 'HALTED'), false],
    ['a baking ring without a bake start', train({ status: 'BAKING' }), false],
    ['a baking ring', train({ status: 'BAKING', bakeStartedAt: T0 }), true],
  ])('%s: observed %s', (_name, state, observed) => {
    expect(bakingRingOf(state, ctx) !== undefined).toBe(observed);
  });

  it('takes the HEALTHY targets, their Prometheus, the plan queries and the ring thresholds', () => {
    const ring = bakingRingOf(train({ status: 'BAKING', startedAt: T0, bakeStartedAt: T0 + 60_000 }), ctx)!;
    expect(ring).toMatchObject({
      ring: 'cohort',
      bakeStartedAt: new Date(T0 + 60_000),
      baselineAt: new Date(T0),
      queries: { requests: 'x' },
    });
    expect(ring.thresholds?.minRequests).toBe(50);
    expect(ring.targets).toEqual([
      { environment: 'a', cluster: 'eu-1', namespace: 'ns-a', rollouts: ['author-ro'], prometheusUrl: PROM },
      { environment: 'b', cluster: 'eu-1', namespace: 'ns-b', rollouts: ['author-ro'], prometheusUrl: null },
    ]);
  });
});

describe('withBakeFailures', () => {
  const healthy: TargetObservation = { phase: 'Healthy', runsRelease: true };
  const report = (failed: string[]): BakeReport => ({
    ring: 'cohort',
    metricsUnreachable: false,
    silent: [],
    failures: new Map(failed.map((e) => [e, { signature: 'ERROR_RATE_REGRESSION' as const, message: 'author: 20%' }])),
    passed: new Set(),
    unobserved: [],
    verdicts: [],
    undecided: false,
  });
  const crash = { signature: 'CrashLoopBackOff', message: 'author: back-off' };

  it.each<[string, TargetObservation | undefined, BakeReport | undefined, TargetObservation | undefined]>([
    ['no report', healthy, undefined, healthy],
    ['not failed by the judge', healthy, report([]), healthy],
    [
      'failed by the judge',
      healthy,
      report(['e']),
      { ...healthy, failure: { signature: 'ERROR_RATE_REGRESSION', message: 'author: 20%' } },
    ],
    [
      'the cluster already reports a failure',
      { ...healthy, failure: crash },
      report(['e']),
      { ...healthy, failure: crash },
    ],
    [
      'no longer on the release',
      { phase: 'Healthy', runsRelease: false },
      report(['e']),
      { phase: 'Healthy', runsRelease: false },
    ],
    ['not observed this pass', undefined, report(['e']), undefined],
  ])('%s', (_name, observed, bake, expected) => {
    const targets = new Map(observed ? [['e', observed]] : []);
    expect(withBakeFailures(targets, bake).get('e')).toEqual(expected);
  });
});

describe('bakeRingSignals', () => {
  const report = (over: Partial<BakeReport>): BakeReport => ({
    ring: 'cohort',
    metricsUnreachable: false,
    silent: [],
    failures: new Map(),
    passed: new Set(),
    unobserved: [],
    verdicts: [],
    undecided: false,
    ...over,
  });

  it.each<[string, BakeReport | undefined, string[], string[]]>([
    ['no report: nothing held', undefined, [], []],
    ['decided and reachable: nothing held', report({}), [], []],
    ['undecided: the bake may not pass on time alone', report({ undecided: true }), [], ['cohort']],
    ['unreachable: the clock stops', report({ metricsUnreachable: true }), ['cohort'], []],
  ])('%s', (_name, bake, unreachable, undecided) => {
    const signals = bakeRingSignals(bake);
    expect([...signals.metricsUnreachableRings]).toEqual(unreachable);
    expect([...(signals.bakeUndecidedRings ?? [])]).toEqual(undecided);
  });
});
