import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DECIDE_OPTIONS } from './train.options.js';
import { MINUTE, Obs, OLD_IMAGES, ring, running, T0 } from '../../test/train.fixtures.js';
import { decide } from './train.decider.js';
import type { Decision } from './train.pass.js';
import { rollbackRingOrder } from './train.rollback.js';
import type { TargetState, TrainState } from './train.state.js';

const NOW = T0 + MINUTE;
const types = (d: Decision) => d.events.map((e) => e.type);
const actions = (d: Decision) => d.actions.map((a) => `${a.type} ${a.environment}`);
const on = (over: Partial<TargetState> = {}): Partial<TargetState> => ({
  status: 'HEALTHY',
  attempts: 1,
  previousImages: OLD_IMAGES,
  ...over,
});

/** Ring a passed, ring b (current) reached; a rollback under way. */
function rollingBack(
  targets: Record<string, Partial<TargetState>>,
  ringStatus: 'FAILED' | 'ROLLING_BACK' = 'FAILED',
): TrainState {
  const state = running([ring('a'), ring('b'), ring('c')], [2, 2, 1], {
    r: 1,
    targets,
    train: { status: 'ROLLING_BACK' },
  });
  state.rings[1] = { ...state.rings[1], status: ringStatus };
  return state;
}

describe('decide: rollback of one target', () => {
  it.each<[string, Partial<TargetState>, (o: Obs) => Obs, Partial<TargetState>, string[], string[]]>([
    [
      'not started: checked, and reverted when safe, in one action',
      on(),
      (o) => o,
      { rollbackStep: 'SAFETY_CHECK' },
      ['rollbackIfSafe b-0'],
      [],
    ],
    [
      'safe: it is reverted',
      on({ rollbackStep: 'SAFETY_CHECK' }),
      (o) => o.safety('b-0', true),
      { rollbackStep: 'REVERTING' },
      ['rollback b-0'],
      [],
    ],
    [
      'safe, and the revert went out with the check: reverting, nothing issued again',
      on({ rollbackStep: 'SAFETY_CHECK' }),
      (o) => o.safety('b-0', true, undefined, true),
      { rollbackStep: 'REVERTING' },
      [],
      [],
    ],
    [
      'safe, but the revert that went with the check failed: reverted again',
      on({ rollbackStep: 'SAFETY_CHECK' }),
      (o) => o.safety('b-0', true, undefined, false),
      { rollbackStep: 'REVERTING' },
      ['rollback b-0'],
      [],
    ],
    [
      'unsafe: reported and left alone',
      on({ rollbackStep: 'SAFETY_CHECK' }),
      (o) => o.safety('b-0', false, ['secret/app-5f7c9']),
      { status: 'ROLLBACK_UNSAFE', message: 'rollback unsafe: missing secret/app-5f7c9' },
      [],
      ['ROLLBACK_UNSAFE'],
    ],
    [
      'not started, its safety already known safe: reverted in the same pass',
      on(),
      (o) => o.safety('b-0', true),
      { rollbackStep: 'REVERTING' },
      ['rollback b-0'],
      [],
    ],
    [
      'not started, its safety already known unsafe: reported and left alone at once',
      on(),
      (o) => o.safety('b-0', false, ['secret/app-5f7c9']),
      { status: 'ROLLBACK_UNSAFE', rollbackStep: undefined, message: 'rollback unsafe: missing secret/app-5f7c9' },
      [],
      ['ROLLBACK_UNSAFE'],
    ],
    [
      'safety not answered yet: asked again',
      on({ rollbackStep: 'SAFETY_CHECK' }),
      (o) => o,
      { rollbackStep: 'SAFETY_CHECK' },
      ['rollbackIfSafe b-0'],
      [],
    ],
    [
      'reverting, not on the old images yet: reverted again',
      on({ rollbackStep: 'REVERTING' }),
      (o) => o.target('b-0'),
      { rollbackStep: 'REVERTING' },
      ['rollback b-0'],
      [],
    ],
    [
      'reverting and on the old images: ROLLED_BACK',
      on({ rollbackStep: 'REVERTING' }),
      (o) => o.target('b-0', { runsPreviousImages: true, runsRelease: false }),
      { status: 'ROLLED_BACK' },
      [],
      ['TARGET_ROLLED_BACK'],
    ],
    [
      'previous images unknown: unsafe',
      on({ previousImages: undefined }),
      (o) => o,
      { status: 'ROLLBACK_UNSAFE', message: 'rollback unsafe: the previous images are unknown' },
      [],
      ['ROLLBACK_UNSAFE'],
    ],
    [
      'on an unreachable cluster: waits',
      on({ rollbackStep: 'REVERTING' }),
      (o) => o.target('b-0').unreachable('c0'),
      { rollbackStep: 'REVERTING' },
      [],
      [],
    ],
    [
      'a failed target is rolled back too',
      on({ status: 'FAILED', cause: 'RELEASE' }),
      (o) => o,
      { rollbackStep: 'SAFETY_CHECK' },
      ['rollbackIfSafe b-0'],
      [],
    ],
    [
      'an in-flight canary is reverted, not aborted',
      on({ status: 'DEPLOYING', rollbackStep: 'SAFETY_CHECK' }),
      (o) => o.safety('b-0', true),
      { status: 'DEPLOYING', rollbackStep: 'REVERTING' },
      ['rollback b-0'],
      [],
    ],
    [
      'an in-flight canary whose revert is unsafe is aborted instead',
      on({ status: 'DEPLOYING', rollbackStep: 'SAFETY_CHECK' }),
      (o) => o.safety('b-0', false, ['secret/app-5f7c9']),
      { status: 'ROLLBACK_UNSAFE', aborted: true },
      ['abort b-0'],
      ['ROLLBACK_UNSAFE'],
    ],
    [
      'an in-flight canary with unknown previous images is aborted',
      on({ status: 'DEPLOYING', previousImages: undefined }),
      (o) => o,
      { status: 'ROLLBACK_UNSAFE', aborted: true },
      ['abort b-0'],
      ['ROLLBACK_UNSAFE'],
    ],
    [
      'an aborted canary is rolled back too',
      on({ status: 'PENDING', aborted: true }),
      (o) => o,
      { rollbackStep: 'SAFETY_CHECK' },
      ['rollbackIfSafe b-0'],
      [],
    ],
  ])('%s', (_name, target, observe, expected, expectedActions, events) => {
    const d = decide(rollingBack({ 'b-0': target, 'b-1': on({ status: 'ROLLED_BACK' }) }), observe(new Obs()), NOW);
    expect(d.next.targets.find((t) => t.environment === 'b-0')).toMatchObject(expected);
    expect(actions(d).filter((a) => a.endsWith('b-0'))).toEqual(expectedActions);
    expect(d.events.filter((e) => e.environment === 'b-0').map((e) => e.type)).toEqual(events);
  });
});

describe('rollbackRingOrder: the order rollback actions are issued in', () => {
  it.each<[string, number | undefined, number[]]>([
    ['not started', undefined, []],
    ['halted in the first ring', 0, [0]],
    ['halted in the third ring: newest first', 2, [2, 1, 0]],
  ])('%s', (_name, current, expected) => {
    expect(rollbackRingOrder(current)).toEqual(expected);
  });
});

describe('decide: rollback of the train', () => {
  it('rolls back every ring reached in the same pass, the newest ring’s actions first; never-deployed targets are left alone', () => {
    const d = decide(rollingBack({ 'b-0': on(), 'b-1': { status: 'PENDING', attempts: 0 } }), new Obs(), NOW);
    expect(actions(d)).toEqual(['rollbackIfSafe b-0', 'rollbackIfSafe a-0', 'rollbackIfSafe a-1']);
    expect(d.next.rings.map((r) => r.status)).toEqual(['ROLLING_BACK', 'ROLLING_BACK', 'PENDING']);
    expect(d.requeueAfterMs).toBe(5_000);
  });

  it('an older ring does not wait for a newer one to be observed rolled back', () => {
    const d = decide(
      rollingBack({ 'b-0': on({ rollbackStep: 'REVERTING' }), 'b-1': on({ rollbackStep: 'SAFETY_CHECK' }) }),
      new Obs().target('b-0').safety('b-1', true).safety('a-0', true).safety('a-1', true),
      NOW,
    );
    expect(actions(d)).toEqual(['rollback b-0', 'rollback b-1', 'rollback a-0', 'rollback a-1']);
    expect(d.next.rings.map((r) => r.status)).toEqual(['ROLLING_BACK', 'ROLLING_BACK', 'PENDING']);
  });

  it('a ring done before a newer one is ROLLED_BACK while the newer one goes on', () => {
    const d = decide(
      rollingBack({
        'b-0': on({ rollbackStep: 'REVERTING' }),
        'b-1': on({ status: 'ROLLED_BACK' }),
        'a-0': on({ status: 'ROLLED_BACK' }),
        'a-1': on({ rollbackStep: 'REVERTING' }),
      }),
      new Obs().target('b-0').target('a-1', { runsPreviousImages: true }),
      NOW,
    );
    expect(d.next.rings.map((r) => r.status)).toEqual(['ROLLED_BACK', 'ROLLING_BACK', 'PENDING']);
    expect(d.next.status).toBe('ROLLING_BACK');
    expect(actions(d)).toEqual(['rollback b-0']);
  });

  it('moves on with the older rings once the newest is done, in the same pass', () => {
    const d = decide(
      rollingBack({ 'b-0': on({ status: 'ROLLED_BACK' }), 'b-1': on({ status: 'ROLLBACK_UNSAFE' }) }),
      new Obs(),
      NOW,
    );
    expect(d.next.rings.map((r) => r.status)).toEqual(['ROLLING_BACK', 'ROLLED_BACK', 'PENDING']);
    expect(actions(d)).toEqual(['rollbackIfSafe a-0', 'rollbackIfSafe a-1']);
  });

  it('finishes when every ring reached is rolled back', () => {
    const state = rollingBack({
      'b-0': on({ status: 'ROLLED_BACK' }),
      'b-1': on({ status: 'ROLLED_BACK' }),
      'a-0': on({ rollbackStep: 'REVERTING' }),
      'a-1': on({ status: 'ROLLBACK_UNSAFE' }),
    });
    const d = decide(state, new Obs().target('a-0', { runsPreviousImages: true }), NOW);
    expect(d.next).toMatchObject({ status: 'ROLLED_BACK', finishedAt: NOW });
    expect(d.next.rings.map((r) => r.status)).toEqual(['ROLLED_BACK', 'ROLLED_BACK', 'PENDING']);
    expect(types(d)).toEqual(['TARGET_ROLLED_BACK', 'TRAIN_ROLLED_BACK']);
    expect(d.requeueAfterMs).toBeNull();
  });

  it('keeps at most maxParallelRollbacks targets of a ring in flight', () => {
    const state = running([ring('a')], [5], {
      targets: Object.fromEntries(['a-0', 'a-1', 'a-2', 'a-3', 'a-4'].map((e) => [e, on()])),
      train: { status: 'ROLLING_BACK' },
    });
    state.targets[0] = { ...state.targets[0], rollbackStep: 'REVERTING' };
    const d = decide(state, new Obs().target('a-0'), NOW, { ...DEFAULT_DECIDE_OPTIONS, maxParallelRollbacks: 3 });
    expect(actions(d)).toEqual(['rollback a-0', 'rollbackIfSafe a-1', 'rollbackIfSafe a-2']);
  });
});
