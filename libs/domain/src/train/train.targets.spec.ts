import { describe, expect, it } from '@jest/globals';
import { deployed, MINUTE, Obs, OLD_IMAGES, ring, running, T0 } from '../../test/train.fixtures.js';
import { decide } from './train.decider.js';
import type { TargetState } from './train.state.js';

// One ring of two targets, a long bake and a roomy budget, so a single target's transition is seen in isolation:
// `a-0` is the target under test (cluster c0); `a-1` (cluster c1) deploys quietly beside it.
const rings = [ring('a', { bakeMs: 60 * MINUTE, failureBudget: { maxFailures: 5 }, maxParallel: 10 })];
const NOW = T0 + MINUTE;

type Row = [
  name: string,
  target: Partial<TargetState>,
  observe: (o: Obs) => Obs,
  expected: Partial<TargetState>,
  actions: string[],
  events: string[],
];

const quiet = (o: Obs) => o.target('a-1', { phase: 'Progressing' });

describe('decide: one target, one pass', () => {
  it.each<Row>([
    ['PENDING is deployed', {}, (o) => o, { status: 'DEPLOYING', attempts: 1 }, ['deploy'], []],
    [
      'PENDING already on the release is not written again',
      {},
      (o) => o.target('a-0', { phase: 'Progressing' }),
      { status: 'DEPLOYING', attempts: 1, previousImages: OLD_IMAGES },
      [],
      [],
    ],
    [
      'PENDING on an unreachable cluster waits',
      {},
      (o) => o.unreachable('c0'),
      { status: 'PENDING', attempts: 0 },
      [],
      [],
    ],
    [
      'DEPLOYING and Healthy → HEALTHY',
      deployed(),
      (o) => o.target('a-0'),
      { status: 'HEALTHY', deployedAt: NOW },
      [],
      [],
    ],
    [
      'DEPLOYING and Progressing waits',
      deployed(),
      (o) => o.target('a-0', { phase: 'Progressing' }),
      { status: 'DEPLOYING' },
      [],
      [],
    ],
    ['DEPLOYING with nothing observed waits', deployed(), (o) => o, { status: 'DEPLOYING' }, [], []],
    [
      'DEPLOYING not applied yet: the deploy is issued again',
      deployed(),
      (o) => o.target('a-0', { runsRelease: false }),
      { status: 'DEPLOYING', attempts: 1 },
      ['deploy'],
      [],
    ],
    [
      "DEPLOYING a retry while the cluster still shows the last attempt's Degraded: deploy again, do not fail",
      deployed({ attempts: 2 }),
      (o) => o.target('a-0', { phase: 'Degraded', appliedAttempt: 1 }),
      { status: 'DEPLOYING', attempts: 2 },
      ['deploy'],
      [],
    ],
    [
      'DEPLOYING and Paused at a canary step → promote',
      deployed(),
      (o) => o.target('a-0', { phase: 'Paused' }),
      { status: 'DEPLOYING' },
      ['promote'],
      [],
    ],
    [
      'DEPLOYING and Paused at a timed canary step → left to the controller, no promote',
      deployed(),
      (o) => o.target('a-0', { phase: 'Paused', pauseEndsByItself: true }),
      { status: 'DEPLOYING' },
      [],
      [],
    ],
    [
      'DEPLOYING and Degraded → FAILED, attribution asked',
      deployed(),
      (o) => o.target('a-0', { phase: 'Degraded' }),
      { status: 'FAILED', failureSignature: 'Degraded', failedAt: NOW, cause: undefined },
      ['attribute'],
      ['TARGET_FAILED'],
    ],
    [
      'DEPLOYING with a failure signal while progressing → FAILED',
      deployed(),
      (o) =>
        o.target('a-0', {
          phase: 'Progressing',
          failure: { signature: 'ErrorRateRegression', message: 'errors 5% > 1%' },
        }),
      { status: 'FAILED', failureSignature: 'ErrorRateRegression', message: 'errors 5% > 1%' },
      ['attribute'],
      ['TARGET_FAILED'],
    ],
    [
      'DEPLOYING on an unreachable cluster waits, never fails',
      deployed(),
      (o) => o.target('a-0', { phase: 'Degraded' }).unreachable('c0'),
      { status: 'DEPLOYING' },
      [],
      [],
    ],
    [
      'HEALTHY that degrades while the ring is still out → FAILED',
      { status: 'HEALTHY', attempts: 1 },
      (o) => o.target('a-0', { phase: 'Degraded' }),
      { status: 'FAILED' },
      ['attribute'],
      ['TARGET_FAILED'],
    ],
    [
      'HEALTHY and still healthy stays',
      { status: 'HEALTHY', attempts: 1 },
      (o) => o.target('a-0'),
      { status: 'HEALTHY' },
      [],
      [],
    ],
    [
      'FAILED without attribution asks again',
      { status: 'FAILED', attempts: 1 },
      (o) => o,
      { status: 'FAILED', cause: undefined },
      ['attribute'],
      [],
    ],
    [
      'FAILED with an attribution of an earlier attempt asks again',
      { status: 'FAILED', attempts: 2 },
      (o) => o.attributed('a-0', 'RELEASE', 1),
      { status: 'FAILED', cause: undefined },
      ['attribute'],
      [],
    ],
    [
      'FAILED, CUSTOMER_CODE → EXCLUDED',
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE'),
      { status: 'EXCLUDED', cause: 'CUSTOMER_CODE' },
      [],
      ['ATTRIBUTED', 'TARGET_EXCLUDED'],
    ],
    [
      'FAILED, TRANSIENT → RETRYING after the first backoff',
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'TRANSIENT'),
      { status: 'RETRYING', cause: 'TRANSIENT', nextAttemptAt: NOW + 30_000 },
      [],
      ['ATTRIBUTED', 'TARGET_RETRYING'],
    ],
    [
      'FAILED, TRANSIENT on the third attempt → RETRYING after a doubled-twice backoff',
      { status: 'FAILED', attempts: 3 },
      (o) => o.attributed('a-0', 'TRANSIENT', 3),
      { status: 'RETRYING', nextAttemptAt: NOW + 120_000 },
      [],
      ['ATTRIBUTED', 'TARGET_RETRYING'],
    ],
    [
      'FAILED, TRANSIENT with the retries used up → counted as UNKNOWN',
      { status: 'FAILED', attempts: 4 },
      (o) => o.attributed('a-0', 'TRANSIENT', 4),
      { status: 'FAILED', cause: 'UNKNOWN' },
      [],
      ['ATTRIBUTED'],
    ],
    [
      'FAILED, RELEASE stays FAILED and counts',
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'RELEASE'),
      { status: 'FAILED', cause: 'RELEASE' },
      [],
      ['ATTRIBUTED'],
    ],
    [
      'FAILED, UNKNOWN stays FAILED and counts',
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'UNKNOWN'),
      { status: 'FAILED', cause: 'UNKNOWN' },
      [],
      ['ATTRIBUTED'],
    ],
    [
      'FAILED as RELEASE, overridden to CUSTOMER_CODE → EXCLUDED',
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE', 1, { overriddenBy: 'alice' }),
      { status: 'EXCLUDED', cause: 'CUSTOMER_CODE' },
      [],
      ['ATTRIBUTED', 'TARGET_EXCLUDED'],
    ],
    [
      'an already acted-on verdict is not acted on twice',
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
      (o) => o.attributed('a-0', 'RELEASE'),
      { status: 'FAILED', cause: 'RELEASE' },
      [],
      [],
    ],
    [
      'RETRYING and due → deployed again as a retry',
      { status: 'RETRYING', attempts: 1, nextAttemptAt: NOW, cause: 'TRANSIENT' },
      (o) => o,
      { status: 'DEPLOYING', attempts: 2, cause: undefined, nextAttemptAt: undefined },
      ['deploy'],
      [],
    ],
    [
      'RETRYING not yet due waits',
      { status: 'RETRYING', attempts: 1, nextAttemptAt: NOW + 1, cause: 'TRANSIENT' },
      (o) => o,
      { status: 'RETRYING', attempts: 1 },
      [],
      [],
    ],
    [
      'EXCLUDED stays',
      { status: 'EXCLUDED', attempts: 1 },
      (o) => o.target('a-0', { phase: 'Degraded' }),
      { status: 'EXCLUDED' },
      [],
      [],
    ],
  ])('%s', (_name, target, observe, expected, actions, events) => {
    const state = running(rings, [2], { targets: { 'a-0': target, 'a-1': deployed() } });
    const result = decide(state, observe(quiet(new Obs())), NOW);
    const next = result.next.targets.find((t) => t.environment === 'a-0')!;
    expect(next).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined)));
    for (const [key, value] of Object.entries(expected))
      if (value === undefined) expect(next[key as keyof TargetState]).toBeUndefined();
    expect(result.actions.filter((a) => a.environment === 'a-0').map((a) => a.type)).toEqual(actions);
    expect(result.events.filter((e) => e.environment === 'a-0').map((e) => e.type)).toEqual(events);
    expect(result.next.status).toBe('RUNNING');
  });

  it('a deploy action names the attempt and whether it is a retry', () => {
    const state = running(rings, [2], {
      targets: { 'a-0': { status: 'RETRYING', attempts: 2, nextAttemptAt: NOW }, 'a-1': deployed() },
    });
    expect(decide(state, quiet(new Obs()), NOW).actions).toContainEqual({
      type: 'deploy',
      environment: 'a-0',
      cluster: 'c0',
      attempt: 3,
      retry: true,
    });
  });

  it('an attribution request names the ring, the attempt and the signature', () => {
    const state = running(rings, [2], { targets: { 'a-0': deployed(), 'a-1': deployed() } });
    const actions = decide(
      state,
      quiet(new Obs()).target('a-0', { phase: 'Degraded', failure: { signature: 'OOMKilled' } }),
      NOW,
    ).actions;
    expect(actions).toContainEqual({
      type: 'attribute',
      environment: 'a-0',
      cluster: 'c0',
      ring: 'a',
      attempt: 1,
      signature: 'OOMKilled',
    });
  });

  it('keeps the previous images the driver recorded', () => {
    const state = running(rings, [2], {
      targets: { 'a-0': deployed({ previousImages: undefined }), 'a-1': deployed() },
    });
    const next = decide(state, quiet(new Obs()).target('a-0', { phase: 'Progressing' }), NOW).next;
    expect(next.targets[0].previousImages).toEqual(OLD_IMAGES);
  });
});
