import { describe, expect, it } from '@jest/globals';
import { plan, ring, T0 } from '../../test/train.fixtures.js';
import { newTrain, type TrainEnvironment } from './train.factory.js';
import { countTargets, currentRingName } from './train.state.js';

const envs: TrainEnvironment[] = [
  { name: 'int-1', cluster: 'c1', tenant: 'internal', labels: { tenant: 'internal' } },
  { name: 'acme-1', cluster: 'c1', tenant: 'acme', labels: { tenant: 'acme', region: 'eu' } },
  { name: 'acme-2', cluster: 'c2', tenant: 'acme', labels: { tenant: 'acme', region: 'us' } },
  { name: 'lost', cluster: 'c2', labels: {} },
];
const rings = [
  ring('internal', { selector: 'tenant=internal' }),
  ring('eu', { selector: 'region=eu' }),
  ring('rest', { selector: 'tenant' }),
];

describe('newTrain', () => {
  const { state, unassigned, events } = newTrain({
    id: 't1',
    releaseVersion: '2026.47.1',
    plan: plan(rings, true),
    environments: envs,
    now: T0,
  });

  it('builds a SCHEDULED train with a PENDING run per ring', () => {
    expect(state).toMatchObject({ id: 't1', status: 'SCHEDULED', paused: false, autoRollback: true, createdAt: T0 });
    expect(state.currentRingIndex).toBeUndefined();
    expect(state.rings).toEqual(
      rings.map((r) => ({ name: r.name, status: 'PENDING', bakePausedMs: 0, acceptedFailures: 0 })),
    );
  });

  it('puts each environment in the first ring that selects it and reports the rest', () => {
    expect(state.targets.map((t) => [t.environment, t.ringIndex, t.status, t.attempts])).toEqual([
      ['int-1', 0, 'PENDING', 0],
      ['acme-1', 1, 'PENDING', 0],
      ['acme-2', 2, 'PENDING', 0],
    ]);
    expect(unassigned.map((e) => e.name)).toEqual(['lost']);
    expect(events).toEqual([
      expect.objectContaining({ type: 'TRAIN_CREATED', trainId: 't1', payload: { unassigned: ['lost'] } }),
    ]);
  });

  it('lets the train override the plan’s autoRollback', () => {
    expect(
      newTrain({
        id: 't2',
        releaseVersion: '1',
        plan: plan(rings, true),
        environments: [],
        now: T0,
        autoRollback: false,
      }).state.autoRollback,
    ).toBe(false);
  });
});

describe('countTargets and currentRingName', () => {
  it('count a ring’s targets the way the API shows them', () => {
    const { state } = newTrain({
      id: 't',
      releaseVersion: '1',
      plan: plan([ring('all', { selector: '' })]),
      environments: envs,
      now: T0,
    });
    const statuses = ['HEALTHY', 'FAILED', 'RETRYING', 'EXCLUDED'] as const;
    state.targets = state.targets.map((t, i) => ({ ...t, status: statuses[i] }));
    expect(countTargets(state, 0)).toEqual({
      total: 4,
      pending: 0,
      deploying: 0,
      healthy: 1,
      failed: 2,
      excluded: 1,
      rolledBack: 0,
    });
    expect(currentRingName(state)).toBeUndefined();
    expect(currentRingName({ ...state, currentRingIndex: 0 })).toBe('all');
  });
});
