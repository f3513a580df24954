import { describe, expect, it } from '@jest/globals';
import { TRAIN_STATUSES, type TrainStatus } from '../common/domain.enums.js';
import { DomainError } from '../common/domain.errors.js';
import { deployed, MINUTE, OLD_IMAGES, ring, running, T0, train } from '../../test/train.fixtures.js';
import {
  approveRing,
  cancelTrain,
  excludeTarget,
  haltTrain,
  pauseTrain,
  resumeTrain,
  retryTarget,
  rollbackTrain,
  startTrain,
} from './train.commands.js';
import type { CommandResult } from './train.pass.js';
import type { TrainState } from './train.state.js';

const NOW = T0 + MINUTE;
const types = (r: CommandResult) => r.events.map((e) => e.type);

/** A train in `status` with ring a current, one target of ring a FAILED and one DEPLOYING. */
function inStatus(status: TrainStatus, paused = false): TrainState {
  const state = running([ring('a'), ring('b', { gate: 'MANUAL' })], [3, 1], {
    targets: { 'a-0': { status: 'FAILED', attempts: 1, cause: 'RELEASE' }, 'a-1': deployed() },
    train: { status, paused },
  });
  if (status === 'SCHEDULED') return { ...train([ring('a'), ring('b', { gate: 'MANUAL' })], [3, 1]) };
  if (status === 'AWAITING_APPROVAL') {
    state.currentRingIndex = 1;
    state.rings[0] = { ...state.rings[0], status: 'PASSED' };
    state.rings[1] = { ...state.rings[1], status: 'AWAITING_APPROVAL' };
  }
  return state;
}

const commands: [string, (s: TrainState) => CommandResult, (TrainStatus | `${TrainStatus} paused`)[]][] = [
  ['start', (s) => startTrain(s, NOW), ['SCHEDULED']],
  ['approve ring b', (s) => approveRing(s, 'b', NOW, 'alice'), ['AWAITING_APPROVAL', 'AWAITING_APPROVAL paused']],
  ['pause', (s) => pauseTrain(s, NOW), ['RUNNING', 'AWAITING_APPROVAL']],
  ['resume', (s) => resumeTrain(s, NOW), ['RUNNING paused', 'AWAITING_APPROVAL paused', 'HALTED']],
  [
    'halt',
    (s) => haltTrain(s, 'bad smell', NOW),
    ['RUNNING', 'AWAITING_APPROVAL', 'RUNNING paused', 'AWAITING_APPROVAL paused'],
  ],
  [
    'roll back',
    (s) => rollbackTrain(s, 'bad release', NOW),
    ['RUNNING', 'AWAITING_APPROVAL', 'HALTED', 'RUNNING paused', 'AWAITING_APPROVAL paused'],
  ],
  [
    'cancel',
    (s) => cancelTrain(s, NOW),
    ['SCHEDULED', 'RUNNING', 'AWAITING_APPROVAL', 'HALTED', 'RUNNING paused', 'AWAITING_APPROVAL paused'],
  ],
  ['retry a-0', (s) => retryTarget(s, 'a-0', NOW), ['RUNNING', 'HALTED', 'RUNNING paused']],
  [
    'exclude a-1',
    (s) => excludeTarget(s, 'a-1', 'noisy tenant', NOW),
    ['SCHEDULED', 'RUNNING', 'AWAITING_APPROVAL', 'HALTED', 'RUNNING paused', 'AWAITING_APPROVAL paused'],
  ],
];

const situations = TRAIN_STATUSES.flatMap((s): [TrainStatus, boolean][] =>
  s === 'RUNNING' || s === 'AWAITING_APPROVAL'
    ? [
        [s, false],
        [s, true],
      ]
    : [[s, false]],
);

describe('commands refuse illegal transitions with CONFLICT and change nothing', () => {
  const rows = commands.flatMap(([name, run, allowed]) =>
    situations.map(([status, paused]): [string, (s: TrainState) => CommandResult, TrainStatus, boolean, boolean] => {
      const key = paused ? `${status} paused` : status;
      return [`${name} when ${key}`, run, status, paused, (allowed as string[]).includes(key)];
    }),
  );
  it.each(rows)('%s', (_name, run, status, paused, allowed) => {
    const state = inStatus(status, paused);
    const before = JSON.stringify(state);
    if (allowed) {
      expect(run(state).next).toBeDefined();
    } else {
      expect(() => run(state)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    }
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('commands: outcomes', () => {
  it('start with an AUTO first ring runs it', () => {
    const r = startTrain(train([ring('a')], [1]), NOW);
    expect(r.next).toMatchObject({ status: 'RUNNING', startedAt: NOW, currentRingIndex: 0 });
    expect(types(r)).toEqual(['TRAIN_STARTED', 'RING_STARTED']);
  });

  it('start with a MANUAL first ring awaits approval', () => {
    const r = startTrain(train([ring('a', { gate: 'MANUAL' })], [1]), NOW);
    expect(r.next.status).toBe('AWAITING_APPROVAL');
    expect(types(r)).toEqual(['TRAIN_STARTED', 'RING_AWAITING_APPROVAL']);
  });

  it('approve starts the ring and records who approved', () => {
    const r = approveRing(inStatus('AWAITING_APPROVAL'), 'b', NOW, 'alice');
    expect(r.next.status).toBe('RUNNING');
    expect(r.next.rings[1]).toMatchObject({
      status: 'DEPLOYING',
      approvedBy: 'alice',
      approvedAt: NOW,
      startedAt: NOW,
    });
    expect(types(r)).toEqual(['RING_APPROVED', 'RING_STARTED']);
  });

  it.each([
    ['a ring that does not exist is NOT_FOUND', 'zzz', 'NOT_FOUND'],
    ['a ring that is not awaiting approval is a CONFLICT', 'a', 'CONFLICT'],
  ])('approve: %s', (_name, ringName, code) => {
    expect(() => approveRing(inStatus('AWAITING_APPROVAL'), ringName, NOW)).toThrow(expect.objectContaining({ code }));
  });

  it('halt aborts in-flight canaries and fails the ring', () => {
    const r = haltTrain(inStatus('RUNNING'), 'bad smell', NOW);
    expect(r.next).toMatchObject({ status: 'HALTED', haltReason: 'bad smell' });
    expect(r.next.rings[0].status).toBe('FAILED');
    expect(r.actions).toEqual([{ type: 'abort', environment: 'a-1', cluster: 'c1' }]);
    expect(types(r)).toEqual(['TRAIN_HALTED']);
  });

  it('resume after a halt accepts the failures so far and deploys the ring again', () => {
    const halted = haltTrain(inStatus('RUNNING'), 'bad smell', NOW).next;
    const r = resumeTrain(halted, NOW + 1);
    expect(r.next).toMatchObject({ status: 'RUNNING', paused: false, haltReason: undefined });
    expect(r.next.rings[0]).toMatchObject({ status: 'DEPLOYING', acceptedFailures: 1 });
    expect(types(r)).toEqual(['TRAIN_RESUMED']);
  });

  it('pause then resume toggles the flag only', () => {
    const paused = pauseTrain(inStatus('RUNNING'), NOW);
    expect(paused.next).toMatchObject({ status: 'RUNNING', paused: true });
    expect(types(paused)).toEqual(['TRAIN_PAUSED']);
    expect(resumeTrain(paused.next, NOW).next).toMatchObject({ status: 'RUNNING', paused: false });
  });

  it('roll back starts rolling back; in-flight canaries are left to their revert, not aborted first', () => {
    const r = rollbackTrain(inStatus('RUNNING'), 'bad release', NOW);
    expect(r.next).toMatchObject({ status: 'ROLLING_BACK', haltReason: 'bad release' });
    expect(r.actions).toEqual([]);
    expect(types(r)).toEqual(['ROLLBACK_STARTED']);
  });

  it('cancel aborts in-flight canaries and finishes the train', () => {
    const r = cancelTrain(inStatus('RUNNING'), NOW, 'wrong release');
    expect(r.next).toMatchObject({ status: 'CANCELLED', finishedAt: NOW });
    expect(r.actions.map((a) => a.type)).toEqual(['abort']);
    expect(r.events[0].message).toMatch(/wrong release/);
  });

  it('retry takes a failure out of the count and deploys it again on the next pass', () => {
    const r = retryTarget(inStatus('RUNNING'), 'a-0', NOW);
    expect(r.next.targets[0]).toMatchObject({ status: 'RETRYING', nextAttemptAt: NOW });
    expect(r.next.targets[0].cause).toBeUndefined();
    expect(types(r)).toEqual(['TARGET_RETRYING']);
  });

  it.each([
    ['a target that does not exist is NOT_FOUND', 'nope', 'NOT_FOUND'],
    ['a DEPLOYING target is a CONFLICT', 'a-1', 'CONFLICT'],
    ['a target of another ring is a CONFLICT', 'b-0', 'CONFLICT'],
  ])('retry: %s', (_name, env, code) => {
    expect(() => retryTarget(inStatus('RUNNING'), env, NOW)).toThrow(expect.objectContaining({ code }));
  });

  it('exclude of an in-flight target aborts its canary', () => {
    const r = excludeTarget(inStatus('RUNNING'), 'a-1', 'noisy tenant', NOW);
    expect(r.next.targets[1]).toMatchObject({ status: 'EXCLUDED', message: 'excluded: noisy tenant' });
    expect(r.actions).toEqual([{ type: 'abort', environment: 'a-1', cluster: 'c1' }]);
    expect(types(r)).toEqual(['TARGET_EXCLUDED']);
  });

  it.each([
    ['an excluded target', { status: 'EXCLUDED' as const }],
    ['a rolled back target', { status: 'ROLLED_BACK' as const }],
  ])('exclude refuses %s', (_name, patch) => {
    const state = inStatus('RUNNING');
    state.targets[2] = { ...state.targets[2], ...patch, previousImages: OLD_IMAGES };
    expect(() => excludeTarget(state, 'a-2', 'x', NOW)).toThrow(DomainError);
  });

  it('changes list only what the command touched', () => {
    const r = excludeTarget(inStatus('RUNNING'), 'a-1', 'noisy tenant', NOW);
    expect(r.changes).toEqual({ train: false, rings: [], targets: ['a-1'] });
  });
});
