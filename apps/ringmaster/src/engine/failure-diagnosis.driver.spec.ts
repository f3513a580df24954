import { describe, expect, it } from '@jest/globals';
import type {
  EnvironmentTarget,
  OperationResult,
  PodFailureSignal,
  RollbackSafetyResult,
  RolloutDriver,
  RolloutStatusSnapshot,
  TargetObservation,
} from '@ringmaster/clusters';
import { singleComponentObservation, statusSnapshot } from '../testing/driver-observation.fixtures.js';
import { FailureDiagnosingDriver } from './failure-diagnosis.driver.js';

const TARGET: EnvironmentTarget = {
  environment: 'acme-prod',
  cluster: 'eu-1',
  namespace: 'acme-prod',
  components: [{ component: 'author', rollout: 'author' }],
};
const CRASH: PodFailureSignal = { kind: 'CrashLoopBackOff', pods: 1, restarts: 2, message: 'back-off' };

const status = (over: Partial<RolloutStatusSnapshot> = {}) =>
  statusSnapshot({
    fullyPromoted: false,
    image: 'cms/author:2',
    settled: false,
    currentPodHash: 'h2',
    stablePodHash: 'h1',
    replicas: { desired: 1, updated: 1, ready: 0, available: 0 },
    ...over,
  });
const observation = (s: RolloutStatusSnapshot, error?: TargetObservation['error']) =>
  singleComponentObservation(TARGET, s, error);

/** A hand-written fake: observe answers `observed`, diagnose answers `diagnosed` (or rejects), both counted. */
class FakeDriver implements RolloutDriver {
  observed = status();
  diagnosed: TargetObservation | Error = observation(status({ podSignals: [CRASH] }));
  diagnoses = 0;

  async observe(targets: readonly EnvironmentTarget[]): Promise<TargetObservation[]> {
    return targets.map(() => observation(this.observed));
  }
  async diagnose(): Promise<TargetObservation> {
    this.diagnoses++;
    if (this.diagnosed instanceof Error) throw this.diagnosed;
    return this.diagnosed;
  }
  private async op(): Promise<OperationResult> {
    return { environment: TARGET.environment, cluster: TARGET.cluster, outcome: 'noop', components: [] };
  }
  deploy = this.op;
  promote = this.op;
  promoteFull = this.op;
  abort = this.op;
  retry = this.op;
  rollback = this.op;
  async checkRollbackSafety(): Promise<RollbackSafetyResult> {
    return { ok: true, safety: { safe: true, checked: [] } };
  }
}

const DEGRADED = { phase: 'Degraded' as const, failureReasons: ['ProgressDeadlineExceeded'] };
const signalsOf = (o: TargetObservation[]) => o[0]!.components[0]!.status!.podSignals;

describe('FailureDiagnosingDriver', () => {
  it.each<[string, Partial<RolloutStatusSnapshot>, number, PodFailureSignal[]]>([
    ['a healthy component is not diagnosed', {}, 0, []],
    ['a progressing component is not diagnosed', { phase: 'Progressing' }, 0, []],
    ['an aborted canary (back on stable) is not diagnosed', { ...DEGRADED, aborted: true }, 0, []],
    ['a degraded component gets its pod signals', DEGRADED, 1, [CRASH]],
    [
      'a degraded component that already has pod signals is left alone',
      { ...DEGRADED, podSignals: [CRASH] },
      0,
      [CRASH],
    ],
  ])('%s', async (_name, observed, diagnoses, signals) => {
    const fake = new FakeDriver();
    fake.observed = status(observed);
    const result = await new FailureDiagnosingDriver(fake).observe([TARGET]);
    expect(fake.diagnoses).toBe(diagnoses);
    expect(signalsOf(result)).toEqual(signals);
  });

  it('diagnoses one failure once: later passes reuse its signals', async () => {
    const fake = new FakeDriver();
    fake.observed = status(DEGRADED);
    const driver = new FailureDiagnosingDriver(fake);
    await driver.observe([TARGET]);
    const again = await driver.observe([TARGET]);
    expect(fake.diagnoses).toBe(1);
    expect(signalsOf(again)).toEqual([CRASH]);
  });

  it('remembers a diagnosis that found nothing too (no pod list every pass)', async () => {
    const fake = new FakeDriver();
    fake.observed = status(DEGRADED);
    fake.diagnosed = observation(status());
    const driver = new FailureDiagnosingDriver(fake);
    await driver.observe([TARGET]);
    await driver.observe([TARGET]);
    expect(fake.diagnoses).toBe(1);
  });

  it('diagnoses again once the component failed anew (a new pod template)', async () => {
    const fake = new FakeDriver();
    fake.observed = status(DEGRADED);
    const driver = new FailureDiagnosingDriver(fake);
    await driver.observe([TARGET]);
    fake.observed = status({ ...DEGRADED, currentPodHash: 'h3' });
    await driver.observe([TARGET]);
    expect(fake.diagnoses).toBe(2);
  });

  it('keeps the plain observation when the diagnosis fails or errs', async () => {
    const fake = new FakeDriver();
    fake.observed = status(DEGRADED);
    fake.diagnosed = new Error('boom');
    expect(signalsOf(await new FailureDiagnosingDriver(fake).observe([TARGET]))).toEqual([]);
    fake.diagnosed = observation(status(), { code: 'TIMEOUT', message: 'slow', retryable: true });
    expect(signalsOf(await new FailureDiagnosingDriver(fake).observe([TARGET]))).toEqual([]);
  });

  it('diagnoses at most the limit of targets in one observe', async () => {
    const fake = new FakeDriver();
    fake.observed = status(DEGRADED);
    const targets = ['a', 'b', 'c'].map((n) => ({ ...TARGET, environment: n, namespace: n }));
    await new FailureDiagnosingDriver(fake, 2).observe(targets);
    expect(fake.diagnoses).toBe(2);
  });
});
