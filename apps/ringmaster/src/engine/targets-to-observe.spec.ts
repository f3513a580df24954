import { describe, expect, it } from '@jest/globals';
import type { TargetState, TrainState } from '@ringmaster/domain';
import { targetsToObserve } from './targets-to-observe.js';

const target = (environment: string, ringIndex: number, over: Partial<TargetState>): TargetState => ({
  environment,
  cluster: 'eu-1',
  ringIndex,
  status: 'PENDING',
  attempts: 0,
  ...over,
});

const TARGETS: TargetState[] = [
  target('healthy', 0, { status: 'HEALTHY', attempts: 1 }),
  target('aborted-by-halt', 0, { status: 'PENDING', attempts: 1, aborted: true }),
  target('excluded-after-deploy', 0, { status: 'EXCLUDED', attempts: 1, cause: 'CUSTOMER_CODE' }),
  target('excluded-before-deploy', 0, { status: 'EXCLUDED', attempts: 0 }),
  target('never-deployed', 0, { status: 'PENDING', attempts: 0 }),
  target('rolled-back', 0, { status: 'ROLLED_BACK', attempts: 1 }),
  target('next-ring', 1, { status: 'PENDING', attempts: 0 }),
];

const train = (status: TrainState['status'], currentRingIndex: number | undefined): TrainState =>
  ({ id: 't', status, currentRingIndex, targets: TARGETS, rings: [] }) as unknown as TrainState;

describe('targetsToObserve', () => {
  it.each<[string, TrainState, string[]]>([
    [
      'rolling back: every target the train deployed to, a canary the halt aborted included',
      train('ROLLING_BACK', 0),
      ['healthy', 'aborted-by-halt', 'excluded-after-deploy', 'rolled-back'],
    ],
    [
      'running: the current ring, without its excluded targets',
      train('RUNNING', 0),
      ['healthy', 'aborted-by-halt', 'never-deployed', 'rolled-back'],
    ],
    ['running in the next ring: only that ring', train('RUNNING', 1), ['next-ring']],
    ['halted: the current ring', train('HALTED', 0), ['healthy', 'aborted-by-halt', 'never-deployed', 'rolled-back']],
    ['not started: nothing', train('SCHEDULED', undefined), []],
  ])('%s', (_name, state, expected) => {
    expect(targetsToObserve(state)).toEqual(expected);
  });
});
