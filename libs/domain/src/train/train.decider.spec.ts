import { describe, expect, it } from '@jest/globals';
import { deployed, MINUTE, Obs, ring, running, T0, train } from '../../test/train.fixtures.js';
import { emptyObservations } from './train.observations.js';
import { decide } from './train.decider.js';
import type { Decision } from './train.pass.js';
import type { TargetState, TrainState } from './train.state.js';

const NOW = T0 + MINUTE;
const types = (d: Decision) => d.events.map((e) => e.type);
const actionsOf = (d: Decision, type: string) => d.actions.filter((a) => a.type === type).map((a) => a.environment);
const statusOf = (s: TrainState, env: string) => s.targets.find((t) => t.environment === env)!.status;
const healthy = (over: Partial<TargetState> = {}): Partial<TargetState> => deployed({ status: 'HEALTHY', ...over });

describe('decide: waves', () => {
  it.each<[string, number, Record<string, Partial<TargetState>>, (o: Obs) => Obs, string[]]>([
    ['a wave is at most maxParallel', 2, {}, (o) => o, ['a-0', 'a-1']],
    [
      'in-flight deploys take wave slots',
      3,
      { 'a-0': deployed() },
      (o) => o.target('a-0', { phase: 'Progressing' }),
      ['a-1', 'a-2'],
    ],
    [
      'a failed target does not block the wave',
      2,
      { 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' } },
      (o) => o,
      ['a-1', 'a-2'],
    ],
    [
      'a slot freed by a healthy target is refilled in the same pass',
      1,
      { 'a-0': deployed() },
      (o) => o.target('a-0'),
      ['a-1'],
    ],
    [
      'targets on unreachable clusters are skipped, others fill the wave',
      2,
      {},
      (o) => o.unreachable('c0'),
      ['a-1', 'a-3'],
    ],
  ])('%s', (_name, maxParallel, targets, observe, expected) => {
    const rings = [ring('a', { maxParallel, failureBudget: { maxFailures: 3 }, bakeMs: MINUTE })];
    const d = decide(running(rings, [5], { targets }), observe(new Obs()), NOW);
    expect(actionsOf(d, 'deploy')).toEqual(expected);
  });

  it('a paused train deploys nothing new but keeps observing', () => {
    const rings = [ring('a', { maxParallel: 5, bakeMs: MINUTE })];
    const state = running(rings, [3], { targets: { 'a-0': deployed() }, train: { paused: true } });
    const d = decide(state, new Obs().target('a-0'), NOW);
    expect(actionsOf(d, 'deploy')).toEqual([]);
    expect(statusOf(d.next, 'a-0')).toBe('HEALTHY');
    expect(d.requeueAfterMs).toBe(5_000);
  });
});

describe('decide: failure budget', () => {
  const twoInFlight = { 'a-1': deployed(), 'a-2': deployed() };
  const progressing = (o: Obs) => o.target('a-1', { phase: 'Progressing' }).target('a-2', { phase: 'Progressing' });

  it.each<[string, object, Partial<TargetState>, (o: Obs) => Obs, boolean]>([
    [
      'RELEASE with 0 allowed halts',
      { maxFailures: 0 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'RELEASE'),
      true,
    ],
    [
      'UNKNOWN counts like RELEASE',
      { maxFailures: 0 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'UNKNOWN'),
      true,
    ],
    [
      'CUSTOMER_CODE never counts',
      { maxFailures: 0 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE'),
      false,
    ],
    [
      'TRANSIENT being retried does not count',
      { maxFailures: 0 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'TRANSIENT'),
      false,
    ],
    [
      'TRANSIENT out of retries counts',
      { maxFailures: 0 },
      { status: 'FAILED', attempts: 4 },
      (o) => o.attributed('a-0', 'TRANSIENT', 4),
      true,
    ],
    [
      'a failure awaiting attribution does not count yet',
      { maxFailures: 0 },
      { status: 'FAILED', attempts: 1 },
      (o) => o,
      false,
    ],
    [
      'at the limit does not halt',
      { maxFailures: 1 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'RELEASE'),
      false,
    ],
    [
      'past the percent limit halts',
      { maxFailurePercent: 10 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'RELEASE'),
      true,
    ],
    [
      'at the percent limit does not halt',
      { maxFailurePercent: 20 },
      { status: 'FAILED', attempts: 1 },
      (o) => o.attributed('a-0', 'RELEASE'),
      false,
    ],
  ])('%s', (_name, failureBudget, target, observe, halts) => {
    const rings = [ring('a', { failureBudget, maxParallel: 2, bakeMs: MINUTE }), ring('b')];
    const state = running(rings, [5, 2], { targets: { 'a-0': target, ...twoInFlight } });
    const d = decide(state, observe(progressing(new Obs())), NOW);
    expect(d.next.status).toBe(halts ? 'HALTED' : 'RUNNING');
    expect(types(d).includes('TRAIN_HALTED')).toBe(halts);
  });

  it('a halt stops every deploy and aborts the ring’s in-flight canaries', () => {
    const rings = [ring('a', { maxParallel: 3, bakeMs: MINUTE }), ring('b')];
    const state = running(rings, [5, 2], { targets: { 'a-0': deployed(), ...twoInFlight } });
    const d = decide(
      state,
      progressing(new Obs()).target('a-0', { phase: 'Degraded' }).attributed('a-0', 'RELEASE'),
      NOW,
    );
    // a-0 failed this pass; its attribution arrives in the same observations but for the next pass
    expect(d.next.status).toBe('RUNNING');
    const d2 = decide(d.next, progressing(new Obs()).attributed('a-0', 'RELEASE'), NOW + 1);
    expect(d2.next.status).toBe('HALTED');
    expect(d2.next.haltReason).toMatch(
      /failure budget of ring a exhausted: 1 of 5 targets failed \(allowed 0 failures\)/,
    );
    expect(d2.next.rings[0].status).toBe('FAILED');
    expect(actionsOf(d2, 'deploy')).toEqual([]);
    // a-3 took the slot a-0 freed in the first pass
    expect(actionsOf(d2, 'abort')).toEqual(['a-1', 'a-2', 'a-3']);
    expect(d2.next.targets.filter((t) => t.aborted).map((t) => [t.environment, t.status])).toEqual([
      ['a-1', 'PENDING'],
      ['a-2', 'PENDING'],
      ['a-3', 'PENDING'],
    ]);
    expect(types(d2)).toEqual(['ATTRIBUTED', 'TRAIN_HALTED']);
  });

  it('with auto-rollback the halt turns into a rollback at once', () => {
    const rings = [ring('a', { maxParallel: 3, bakeMs: MINUTE })];
    const state = running(rings, [3], {
      targets: { 'a-0': { status: 'FAILED', attempts: 1, previousImages: { app: 'x:1' } }, 'a-1': healthy() },
      train: { autoRollback: true },
    });
    const d = decide(state, new Obs().attributed('a-0', 'RELEASE').target('a-1'), NOW);
    expect(d.next.status).toBe('ROLLING_BACK');
    expect(types(d)).toEqual(['ATTRIBUTED', 'TRAIN_HALTED', 'ROLLBACK_STARTED']);
    expect(actionsOf(d, 'rollbackIfSafe')).toEqual(['a-0', 'a-1']);
  });

  it('with auto-rollback in-flight canaries are not aborted first: their safety is checked for the revert', () => {
    const rings = [ring('a', { maxParallel: 3, bakeMs: MINUTE })];
    const state = running(rings, [3], {
      targets: { 'a-0': { status: 'FAILED', attempts: 1, previousImages: { app: 'x:1' } }, 'a-1': deployed() },
      train: { autoRollback: true },
    });
    const d = decide(state, new Obs().attributed('a-0', 'RELEASE').target('a-1', { phase: 'Progressing' }), NOW);
    expect(d.next.status).toBe('ROLLING_BACK');
    expect(actionsOf(d, 'abort')).toEqual([]);
    expect(actionsOf(d, 'rollbackIfSafe')).toEqual(['a-0', 'a-1']);
    expect(d.next.targets[1]).toMatchObject({ status: 'DEPLOYING', rollbackStep: 'SAFETY_CHECK' });
  });

  it('failures a release manager accepted by resuming do not count again', () => {
    const rings = [ring('a', { maxParallel: 3, bakeMs: MINUTE })];
    const state = running(rings, [3], { targets: { 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' } } });
    state.rings[0].acceptedFailures = 1;
    expect(decide(state, new Obs(), NOW).next.status).toBe('RUNNING');
  });
});

describe('decide: bake and ring progression', () => {
  const baking = (over: object = {}) => ({
    status: 'BAKING' as const,
    bakeStartedAt: T0,
    bakeEndsAt: T0 + 30 * MINUTE,
    ...over,
  });

  it('a ring all healthy starts its bake', () => {
    const rings = [ring('a', { bakeMs: 30 * MINUTE }), ring('b')];
    const d = decide(
      running(rings, [2, 1], { targets: { 'a-0': deployed(), 'a-1': healthy() } }),
      new Obs().target('a-0').target('a-1'),
      NOW,
    );
    expect(d.next.rings[0]).toMatchObject({ status: 'BAKING', bakeStartedAt: NOW, bakeEndsAt: NOW + 30 * MINUTE });
    expect(types(d)).toEqual(['RING_BAKING']);
    expect(d.requeueAfterMs).toBe(5_000);
  });

  it.each<[string, Record<string, Partial<TargetState>>, boolean]>([
    ['excluded targets do not hold the bake', { 'a-0': { status: 'EXCLUDED', attempts: 1 }, 'a-1': healthy() }, true],
    [
      'a counted failure within budget does not hold it',
      { 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' }, 'a-1': healthy() },
      true,
    ],
    ['a failure awaiting attribution holds it', { 'a-0': { status: 'FAILED', attempts: 1 }, 'a-1': healthy() }, false],
    [
      'a retrying target holds it',
      { 'a-0': { status: 'RETRYING', attempts: 1, nextAttemptAt: NOW + MINUTE }, 'a-1': healthy() },
      false,
    ],
    ['a pending target on an unreachable cluster holds it', { 'a-1': healthy() }, false],
  ])('%s', (_name, targets, bakes) => {
    const rings = [ring('a', { bakeMs: 30 * MINUTE, failureBudget: { maxFailures: 1 } }), ring('b')];
    const d = decide(running(rings, [2, 1], { targets }), new Obs().target('a-1').unreachable('c0'), NOW);
    expect(d.next.rings[0].status).toBe(bakes ? 'BAKING' : 'DEPLOYING');
  });

  it.each<[string, object, (o: Obs) => Obs, number, object]>([
    ['not over yet: keeps baking', baking(), (o) => o, T0 + 10 * MINUTE, { status: 'BAKING' }],
    ['over: the ring passes', baking(), (o) => o, T0 + 30 * MINUTE, { status: 'PASSED', finishedAt: T0 + 30 * MINUTE }],
    [
      'metrics unreachable: the clock stops',
      baking(),
      (o) => o.metricsDown('a'),
      T0 + 40 * MINUTE,
      { status: 'BAKING', bakePausedSince: T0 + 40 * MINUTE },
    ],
    [
      'metrics still unreachable: the clock stays stopped',
      baking({ bakePausedSince: T0 + 10 * MINUTE }),
      (o) => o.metricsDown('a'),
      T0 + 40 * MINUTE,
      { status: 'BAKING', bakePausedSince: T0 + 10 * MINUTE, bakeEndsAt: T0 + 30 * MINUTE },
    ],
    [
      'over, telemetry undecided (too early or too little traffic): stays open',
      baking(),
      (o) => o.undecided('a'),
      T0 + 30 * MINUTE,
      { status: 'BAKING', bakeEndsAt: T0 + 30 * MINUTE },
    ],
    [
      'over long ago, telemetry still undecided: never passes on time alone',
      baking(),
      (o) => o.undecided('a'),
      T0 + 300 * MINUTE,
      { status: 'BAKING' },
    ],
    [
      'not over yet, telemetry undecided: keeps baking as usual',
      baking(),
      (o) => o.undecided('a'),
      T0 + 10 * MINUTE,
      { status: 'BAKING' },
    ],
    [
      "another ring's telemetry undecided: this one passes",
      baking(),
      (o) => o.undecided('b'),
      T0 + 30 * MINUTE,
      { status: 'PASSED', finishedAt: T0 + 30 * MINUTE },
    ],
    [
      'metrics back: the bake ends later by the time lost',
      baking({ bakePausedSince: T0 + 10 * MINUTE }),
      (o) => o,
      T0 + 40 * MINUTE,
      { status: 'BAKING', bakePausedSince: undefined, bakePausedMs: 30 * MINUTE, bakeEndsAt: T0 + 60 * MINUTE },
    ],
  ])('baking, %s', (_name, ringRun, observe, now, expected) => {
    const rings = [ring('a', { bakeMs: 30 * MINUTE, gate: 'AUTO' }), ring('b', { gate: 'MANUAL' })];
    const state = running(rings, [2, 1], { ringStatus: 'BAKING', targets: { 'a-0': healthy(), 'a-1': healthy() } });
    state.rings[0] = { ...state.rings[0], ...ringRun };
    const d = decide(state, observe(new Obs().target('a-0').target('a-1')), now);
    expect(d.next.rings[0]).toEqual(expect.objectContaining(expected));
  });

  it('a target failing during the bake is judged like any other', () => {
    const rings = [ring('a', { bakeMs: 30 * MINUTE })];
    const state = running(rings, [2], { ringStatus: 'BAKING', targets: { 'a-0': healthy(), 'a-1': healthy() } });
    state.rings[0] = { ...state.rings[0], ...baking() };
    const d = decide(state, new Obs().target('a-0', { phase: 'Degraded' }).target('a-1'), T0 + 30 * MINUTE);
    expect(d.next.rings[0].status).toBe('BAKING');
    expect(types(d)).toEqual(['TARGET_FAILED']);
  });

  it('a passed ring starts the next AUTO ring and deploys its first wave in the same pass', () => {
    const rings = [ring('a', { bakeMs: 0 }), ring('b', { maxParallel: 1 })];
    const d = decide(running(rings, [1, 2], { targets: { 'a-0': deployed() } }), new Obs().target('a-0'), NOW);
    expect(types(d)).toEqual(['RING_PASSED', 'RING_STARTED']);
    expect(d.next.currentRingIndex).toBe(1);
    expect(d.next.rings.map((r) => r.status)).toEqual(['PASSED', 'DEPLOYING']);
    expect(actionsOf(d, 'deploy')).toEqual(['b-0']);
  });

  it('a MANUAL ring waits for approval and deploys nothing', () => {
    const rings = [ring('a'), ring('b', { gate: 'MANUAL' })];
    const d = decide(running(rings, [1, 2], { targets: { 'a-0': deployed() } }), new Obs().target('a-0'), NOW);
    expect(types(d)).toEqual(['RING_PASSED', 'RING_AWAITING_APPROVAL']);
    expect(d.next.status).toBe('AWAITING_APPROVAL');
    expect(d.next.rings[1].status).toBe('AWAITING_APPROVAL');
    expect(actionsOf(d, 'deploy')).toEqual([]);
    expect(decide(d.next, new Obs(), NOW + 1)).toMatchObject({ actions: [], events: [], requeueAfterMs: null });
  });

  it('a paused train does not start the next ring', () => {
    const rings = [ring('a'), ring('b')];
    const state = running(rings, [1, 1], { targets: { 'a-0': deployed() }, train: { paused: true } });
    const d = decide(state, new Obs().target('a-0'), NOW);
    expect(d.next.rings.map((r) => r.status)).toEqual(['PASSED', 'PENDING']);
    expect(d.next.currentRingIndex).toBe(0);
  });

  it('zero bake rings with nothing left to do pass one after the other; the last completes the train', () => {
    const rings = [ring('a'), ring('b'), ring('c')];
    const d = decide(running(rings, [1, 0, 0], { targets: { 'a-0': deployed() } }), new Obs().target('a-0'), NOW);
    expect(types(d)).toEqual([
      'RING_PASSED',
      'RING_STARTED',
      'RING_PASSED',
      'RING_STARTED',
      'RING_PASSED',
      'TRAIN_COMPLETED',
    ]);
    expect(d.next).toMatchObject({ status: 'COMPLETED', finishedAt: NOW, currentRingIndex: 2 });
    expect(d.requeueAfterMs).toBeNull();
  });
});

describe('decide: scheduled, halted and finished trains', () => {
  it.each<[string, Partial<TrainState>, number, string, number | null]>([
    ['SCHEDULED without a start time waits for startTrain', {}, NOW, 'SCHEDULED', null],
    ['SCHEDULED before its start time wakes at it', { startAt: NOW + MINUTE }, NOW, 'SCHEDULED', MINUTE],
    ['SCHEDULED at its start time starts', { startAt: NOW }, NOW, 'RUNNING', 5_000],
    ['COMPLETED never moves', { status: 'COMPLETED' }, NOW, 'COMPLETED', null],
    ['CANCELLED never moves', { status: 'CANCELLED' }, NOW, 'CANCELLED', null],
    ['ROLLED_BACK never moves', { status: 'ROLLED_BACK' }, NOW, 'ROLLED_BACK', null],
  ])('%s', (_name, over, now, status, requeue) => {
    const d = decide(train([ring('a')], [1], over), emptyObservations(), now);
    expect(d.next.status).toBe(status);
    expect(d.requeueAfterMs).toBe(requeue);
  });

  it('a scheduled train that starts deploys its first wave', () => {
    const d = decide(train([ring('a')], [2], { startAt: T0 }), emptyObservations(), NOW);
    expect(types(d)).toEqual(['TRAIN_STARTED', 'RING_STARTED']);
    expect(actionsOf(d, 'deploy')).toEqual(['a-0', 'a-1']);
  });

  it.each<[string, (o: Obs) => Obs, string[], number | null]>([
    [
      'an abort that did not land is issued again',
      (o) => o.target('a-0', { phase: 'Progressing', aborted: false }),
      ['a-0'],
      5_000,
    ],
    ['a confirmed abort needs nothing more', (o) => o.target('a-0', { phase: 'Degraded', aborted: true }), [], null],
    [
      'an unreachable cluster: look again later',
      (o) => o.target('a-0', { phase: 'Progressing' }).unreachable('c0'),
      [],
      5_000,
    ],
  ])('HALTED: %s', (_name, observe, aborts, requeue) => {
    const state = running([ring('a')], [2], {
      targets: { 'a-0': { status: 'PENDING', attempts: 1, aborted: true } },
      train: { status: 'HALTED' },
    });
    const d = decide(state, observe(new Obs()), NOW);
    expect(actionsOf(d, 'abort')).toEqual(aborts);
    expect(actionsOf(d, 'deploy')).toEqual([]);
    expect(d.requeueAfterMs).toBe(requeue);
  });
});

describe('decide: its output', () => {
  it('shares unchanged targets with the input and lists what changed', () => {
    const rings = [ring('a', { maxParallel: 1, bakeMs: MINUTE })];
    const state = running(rings, [3]);
    const d = decide(state, new Obs(), NOW);
    expect(d.changes).toEqual({ train: false, rings: [], targets: ['a-0'] });
    expect(d.next.targets[1]).toBe(state.targets[1]);
    expect(d.next.targets[0]).not.toBe(state.targets[0]);
    expect(state.targets[0].status).toBe('PENDING');
  });

  it('is deterministic: the same input gives the same output', () => {
    const state = running([ring('a', { maxParallel: 2 })], [4], { targets: { 'a-0': deployed() } });
    const obs = new Obs().target('a-0', { phase: 'Degraded' });
    expect(decide(state, obs, NOW)).toEqual(decide(state, obs, NOW));
  });
});
