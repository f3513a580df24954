import { describe, expect, it } from '@jest/globals';
import { MINUTE, Obs, ring, running, T0 } from '../../test/train.fixtures.js';
import { resumeTrain } from './train.commands.js';
import { decide } from './train.decider.js';
import type { TargetState } from './train.state.js';

const NOW = T0 + MINUTE;
const BY = { overriddenBy: 'alice' };
const halted = (a0: Partial<TargetState>, a1: Partial<TargetState> = { status: 'HEALTHY', attempts: 1 }) =>
  running([ring('a', { failureBudget: { maxFailures: 0 } })], [3], {
    ringStatus: 'BAKING',
    targets: { 'a-0': a0, 'a-1': a1, 'a-2': { status: 'HEALTHY', attempts: 1 } },
    train: { status: 'HALTED', haltReason: 'failure budget of ring a exhausted' },
  });

describe('decide: overrides of a HALTED train', () => {
  it.each<[string, Partial<TargetState>, (o: Obs) => Obs, Partial<TargetState>, string[]]>([
    [
      'RELEASE overridden to CUSTOMER_CODE → EXCLUDED',
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE', 1, BY),
      { status: 'EXCLUDED', cause: 'CUSTOMER_CODE' },
      ['ATTRIBUTED', 'TARGET_EXCLUDED'],
    ],
    [
      'UNKNOWN overridden to RELEASE → FAILED as RELEASE',
      { status: 'FAILED', attempts: 1, cause: 'UNKNOWN' },
      (o) => o.attributed('a-0', 'RELEASE', 1, BY),
      { status: 'FAILED', cause: 'RELEASE' },
      ['ATTRIBUTED'],
    ],
    [
      'an excluded CUSTOMER_CODE overridden to RELEASE → FAILED as RELEASE',
      { status: 'EXCLUDED', attempts: 1, cause: 'CUSTOMER_CODE' },
      (o) => o.attributed('a-0', 'RELEASE', 1, BY),
      { status: 'FAILED', cause: 'RELEASE' },
      ['ATTRIBUTED'],
    ],
    [
      'TRANSIENT override → RETRYING, but nothing is deployed while halted',
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
      (o) => o.attributed('a-0', 'TRANSIENT', 1, BY),
      { status: 'RETRYING', cause: 'TRANSIENT' },
      ['ATTRIBUTED', 'TARGET_RETRYING'],
    ],
    [
      'the judged verdict again (no override) changes nothing',
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE'),
      { status: 'FAILED', cause: 'RELEASE' },
      [],
    ],
    [
      'an override of an earlier attempt changes nothing',
      { status: 'FAILED', attempts: 2, cause: 'RELEASE' },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE', 1, BY),
      { status: 'FAILED', cause: 'RELEASE' },
      [],
    ],
  ])('%s', (_name, before, observe, after, events) => {
    const d = decide(halted(before), observe(new Obs()), NOW);
    expect(d.next.status).toBe('HALTED');
    expect(d.next.targets[0]).toMatchObject(after);
    expect(d.events.map((e) => e.type)).toEqual(events);
    expect(d.actions.filter((a) => a.type === 'deploy')).toEqual([]);
  });

  it('a resume after an override accepts only the failures still counted', () => {
    const state = halted(
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
      { status: 'FAILED', attempts: 1, cause: 'RELEASE' },
    );
    const d = decide(state, new Obs().attributed('a-0', 'CUSTOMER_CODE', 1, BY), NOW);
    const resumed = resumeTrain(d.next, NOW);
    expect(resumed.next.rings[0].acceptedFailures).toBe(1);
    // without the override reaching the halted train, both would have been accepted
    expect(resumeTrain(state, NOW).next.rings[0].acceptedFailures).toBe(2);
  });
});

describe('decide: overrides after a resume', () => {
  const resumed = (targets: Record<string, Partial<TargetState>>) =>
    running([ring('a', { failureBudget: { maxFailures: 0 }, bakeMs: MINUTE })], [3], { targets });
  const accepting = (state: ReturnType<typeof resumed>, n: number) => ({
    ...state,
    rings: [{ ...state.rings[0], acceptedFailures: n }],
  });

  it.each<[string, Record<string, Partial<TargetState>>, number, (o: Obs) => Obs, number, string]>([
    [
      'an accepted failure overridden to CUSTOMER_CODE is accepted no more',
      { 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' } },
      1,
      (o) => o.attributed('a-0', 'CUSTOMER_CODE', 1, BY),
      0,
      'RUNNING',
    ],
    [
      'an accepted failure still counted stays accepted',
      { 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' } },
      1,
      (o) => o,
      1,
      'RUNNING',
    ],
  ])('%s', (_name, targets, accepted, observe, acceptedAfter, status) => {
    const d = decide(accepting(resumed(targets), accepted), observe(new Obs()), NOW);
    expect(d.next.rings[0].acceptedFailures).toBe(acceptedAfter);
    expect(d.next.status).toBe(status);
  });

  it('so a new failure after that override halts again (budget 0)', () => {
    const state = accepting(
      resumed({ 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' }, 'a-1': { status: 'FAILED', attempts: 1 } }),
      1,
    );
    const overridden = decide(state, new Obs().attributed('a-0', 'CUSTOMER_CODE', 1, BY), NOW);
    expect(overridden.next).toMatchObject({ status: 'RUNNING', rings: [{ acceptedFailures: 0 }] });
    const failed = decide(overridden.next, new Obs().attributed('a-1', 'RELEASE'), NOW + 1);
    expect(failed.next.status).toBe('HALTED');
  });
});
