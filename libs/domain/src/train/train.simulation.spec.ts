import { describe, expect, it } from '@jest/globals';
import { environments, FakeFleet, MINUTE, plan, ring, T0 } from '../../test/train.fixtures.js';
import { approveRing } from './train.commands.js';
import { decide } from './train.decider.js';
import { newTrain } from './train.factory.js';
import type { TrainState } from './train.state.js';

// Whole trains driven pass by pass against a fleet that obeys at once: the rules seen end to end.

const MAX_PASSES = 500;

function drive(state: TrainState, fleet: FakeFleet, untilStatus: TrainState['status'][], stepMs = MINUTE) {
  let now = T0;
  const events: string[] = [];
  let maxInFlight = 0;
  for (let pass = 0; pass < MAX_PASSES && !untilStatus.includes(state.status); pass++) {
    const d = decide(state, fleet.observe(), now);
    fleet.apply(d.actions);
    events.push(...d.events.map((e) => e.type));
    state = d.next;
    maxInFlight = Math.max(maxInFlight, state.targets.filter((t) => t.status === 'DEPLOYING').length);
    now += stepMs;
  }
  return { state, events, maxInFlight, now };
}

function fourRings(autoRollback = false, manual = false) {
  const rings = [
    ring('internal', { maxParallel: 2, bakeMs: 2 * MINUTE }),
    ring('region', { maxParallel: 3, bakeMs: 2 * MINUTE, gate: manual ? 'MANUAL' : 'AUTO' }),
    ring('cohort', { maxParallel: 4, failureBudget: { maxFailurePercent: 10 } }),
    ring('all', { maxParallel: 5, failureBudget: { maxFailurePercent: 10 } }),
  ];
  const envs = [
    ...environments('internal', 3),
    ...environments('region', 5),
    ...environments('cohort', 8),
    ...environments('all', 12),
  ];
  return newTrain({
    id: 't',
    releaseVersion: '2026.47.1',
    plan: plan(rings, autoRollback),
    environments: envs,
    now: T0,
    startAt: T0,
  }).state;
}

describe('a train driven to its end', () => {
  it('a good release reaches every ring, each environment written once', () => {
    const start = fourRings();
    const fleet = new FakeFleet(start);
    const { state, events, maxInFlight } = drive(start, fleet, ['COMPLETED']);
    expect(state.status).toBe('COMPLETED');
    expect(state.targets.every((t) => t.status === 'HEALTHY')).toBe(true);
    expect(events.filter((e) => e === 'RING_PASSED')).toHaveLength(4);
    expect([...fleet.writes.values()].every((n) => n === 1)).toBe(true);
    expect(maxInFlight).toBeLessThanOrEqual(5);
  });

  it('a bad release halts in the first ring and, with auto-rollback, everything it touched is rolled back', () => {
    const start = fourRings(true);
    const fleet = new FakeFleet(start, (env) => env === 'internal-1');
    const { state, events } = drive(start, fleet, ['ROLLED_BACK', 'HALTED']);
    expect(state.status).toBe('ROLLED_BACK');
    expect(events).toEqual(
      expect.arrayContaining(['TARGET_FAILED', 'ATTRIBUTED', 'TRAIN_HALTED', 'ROLLBACK_STARTED', 'TRAIN_ROLLED_BACK']),
    );
    const touched = state.targets.filter((t) => t.attempts > 0);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.every((t) => t.status === 'ROLLED_BACK')).toBe(true);
    expect(state.targets.filter((t) => t.ringIndex > 0).every((t) => t.attempts === 0)).toBe(true);
  });

  it('customer-code failures are excluded and the train goes on', () => {
    const start = fourRings();
    const fleet = new FakeFleet(
      start,
      (env) => env === 'region-2' || env === 'all-7',
      () => 'CUSTOMER_CODE',
    );
    const { state, events } = drive(start, fleet, ['COMPLETED', 'HALTED']);
    expect(state.status).toBe('COMPLETED');
    expect(state.targets.filter((t) => t.status === 'EXCLUDED').map((t) => t.environment)).toEqual([
      'region-2',
      'all-7',
    ]);
    expect(events.filter((e) => e === 'TARGET_EXCLUDED')).toHaveLength(2);
  });

  it('unsafe rollbacks are reported and left alone', () => {
    const start = fourRings(true);
    const fleet = new FakeFleet(
      start,
      (env) => env === 'internal-0',
      () => 'UNKNOWN',
      (env) => env === 'internal-2',
    );
    const { state } = drive(start, fleet, ['ROLLED_BACK']);
    expect(state.status).toBe('ROLLED_BACK');
    expect(state.targets.find((t) => t.environment === 'internal-2')?.status).toBe('ROLLBACK_UNSAFE');
  });

  it('a manual gate waits for approval, then goes on', () => {
    const start = fourRings(false, true);
    const fleet = new FakeFleet(start);
    const waiting = drive(start, fleet, ['AWAITING_APPROVAL']);
    expect(waiting.state.status).toBe('AWAITING_APPROVAL');
    expect(waiting.state.targets.filter((t) => t.ringIndex === 1).every((t) => t.attempts === 0)).toBe(true);
    const approved = approveRing(waiting.state, 'region', waiting.now, 'alice').next;
    expect(drive(approved, fleet, ['COMPLETED']).state.status).toBe('COMPLETED');
  });

  it('a state saved after any pass resumes to the same end (restart safety)', () => {
    const start = fourRings();
    const fleet = new FakeFleet(start);
    // drive a few passes, "crash" (drop the actions of the last pass), then go on from the saved state
    let state = start;
    let now = T0;
    for (let i = 0; i < 4; i++) {
      const d = decide(state, fleet.observe(), now);
      if (i < 3) fleet.apply(d.actions);
      state = d.next;
      now += MINUTE;
    }
    const { state: end } = drive(state, fleet, ['COMPLETED']);
    expect(end.status).toBe('COMPLETED');
    expect([...fleet.writes.values()].every((n) => n === 1)).toBe(true);
  });
});
