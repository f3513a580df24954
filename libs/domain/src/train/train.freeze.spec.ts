import { describe, expect, it } from '@jest/globals';
import { deployed, MINUTE, Obs, ring, running, T0, train } from '../../test/train.fixtures.js';
import type { Observations } from './train.observations.js';
import { decide } from './train.decider.js';
import type { TrainState } from './train.state.js';

const NOW = T0 + MINUTE;
const UNTIL = NOW + 30 * MINUTE;

function frozen(obs: Obs, until: number | undefined = UNTIL): Observations {
  return { ...obs, frozen: { until, reason: 'weekend freeze' } };
}

const twoRings = [ring('a', { bakeMs: 0 }), ring('b', { maxParallel: 1 })];
const passedRingA = (): TrainState => running(twoRings, [1, 2], { targets: { 'a-0': deployed() } });
const ringAInFlight = (): TrainState => running(twoRings, [2, 1], { targets: { 'a-0': deployed() } });

describe('decide: freeze windows hold new rings back', () => {
  it.each<[string, () => TrainState, (o: Obs) => Observations, string, string[], number | null]>([
    [
      'a scheduled train due inside a freeze stays scheduled',
      () => train(twoRings, [1, 1], { startAt: T0 }),
      (o) => frozen(o),
      'SCHEDULED',
      [],
      30 * MINUTE,
    ],
    [
      'a scheduled train due after a freeze starts',
      () => train(twoRings, [1, 1], { startAt: T0 }),
      (o) => o,
      'RUNNING',
      ['TRAIN_STARTED', 'RING_STARTED'],
      5_000,
    ],
    [
      'a passed ring does not start the next inside a freeze',
      passedRingA,
      (o) => frozen(o.target('a-0')),
      'RUNNING',
      ['RING_PASSED'],
      5_000,
    ],
    [
      'without a known end the train polls',
      passedRingA,
      (o) => frozen(o.target('a-0'), undefined),
      'RUNNING',
      ['RING_PASSED'],
      5_000,
    ],
    [
      'after the freeze the next ring starts',
      passedRingA,
      (o) => o.target('a-0'),
      'RUNNING',
      ['RING_PASSED', 'RING_STARTED'],
      5_000,
    ],
  ])('%s', (_name, state, obs, status, events, requeue) => {
    const d = decide(state(), obs(new Obs()), NOW);
    expect(d.next.status).toBe(status);
    expect(d.events.map((e) => e.type)).toEqual(events);
    expect(d.requeueAfterMs).toBe(requeue);
  });

  it('the ring in flight carries on deploying inside a freeze', () => {
    const d = decide(ringAInFlight(), frozen(new Obs().target('a-0')), NOW);
    expect(d.actions.filter((a) => a.type === 'deploy').map((a) => a.environment)).toEqual(['a-1']);
    expect(d.next.rings.map((r) => r.status)).toEqual(['DEPLOYING', 'PENDING']);
  });

  it('a held ring starts on the first pass after the freeze ends', () => {
    const held = decide(passedRingA(), frozen(new Obs().target('a-0')), NOW);
    expect(held.next.rings.map((r) => r.status)).toEqual(['PASSED', 'PENDING']);
    const after = decide(held.next, new Obs(), UNTIL);
    expect(after.next.rings.map((r) => r.status)).toEqual(['PASSED', 'DEPLOYING']);
    expect(after.actions.filter((a) => a.type === 'deploy').map((a) => a.environment)).toEqual(['b-0']);
  });
});
