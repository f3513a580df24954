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

const NOW = 1_000_000;
const plan = {
  name: 'p',
  autoRollback: false,
  rings: [
    { name: 'a', bakeMs: 0 },
    { name: 'b', bakeMs: 0 },
  ],
};
const train = (
  status: TrainState['status'],
  currentRingIndex: number | undefined,
  over: { ring0?: object; bakeMs?: number; startAt?: number } = {},
): TrainState =>
  ({
    id: 't',
    status,
    currentRingIndex,
    startAt: over.startAt,
    targets: TARGETS,
    plan: { ...plan, rings: [{ ...plan.rings[0], bakeMs: over.bakeMs ?? 0 }, plan.rings[1]] },
    rings: [
      { name: 'a', status: 'DEPLOYING', ...over.ring0 },
      { name: 'b', status: 'PENDING' },
    ],
  }) as unknown as TrainState;

const RING_0 = ['healthy', 'aborted-by-halt', 'never-deployed', 'rolled-back'];

describe('targetsToObserve', () => {
  it.each<[string, TrainState, string[]]>([
    [
      'rolling back: every target the train deployed to, a canary the halt aborted included',
      train('ROLLING_BACK', 0),
      ['healthy', 'aborted-by-halt', 'excluded-after-deploy', 'rolled-back'],
    ],
    [
      'running a ring with a bake: the current ring, without its excluded targets',
      train('RUNNING', 0, { bakeMs: 60_000 }),
      RING_0,
    ],
    [
      'running a zero-bake ring: the next ring too, which this pass may enter and deploy',
      train('RUNNING', 0),
      [...RING_0, 'next-ring'],
    ],
    [
      'a bake that ends now: the next ring too',
      train('RUNNING', 0, { bakeMs: 60_000, ring0: { status: 'BAKING', bakeEndsAt: NOW } }),
      [...RING_0, 'next-ring'],
    ],
    [
      'a bake still running: the current ring only',
      train('RUNNING', 0, { bakeMs: 60_000, ring0: { status: 'BAKING', bakeEndsAt: NOW + 1 } }),
      RING_0,
    ],
    [
      'a passed ring held back (paused, frozen): the next ring too',
      train('RUNNING', 0, { bakeMs: 60_000, ring0: { status: 'PASSED' } }),
      [...RING_0, 'next-ring'],
    ],
    ['halted: the current ring only', train('HALTED', 0), RING_0],
    ['running in the last ring: only that ring', train('RUNNING', 1), ['next-ring']],
    ['not started: nothing', train('SCHEDULED', undefined), []],
    [
      'scheduled and due: the first ring, which this pass deploys',
      train('SCHEDULED', undefined, { startAt: NOW }),
      RING_0,
    ],
    ['scheduled for later: nothing', train('SCHEDULED', undefined, { startAt: NOW + 1 }), []],
  ])('%s', (_name, state, expected) => {
    expect(targetsToObserve(state, NOW)).toEqual(expected);
  });
});
