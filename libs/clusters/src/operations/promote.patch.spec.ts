import { describe, expect, it } from '@jest/globals';
import type { RolloutObject } from '../kube/kube.types.js';
import { pausedRollout, rollout } from '../testing/rollout.fixtures.js';
import { planAbort, planPromote, planPromoteFull, planRetry } from './promote.patch.js';
import type { OperationPlan } from './patch.types.js';

const statusTarget = { resource: 'rollout', namespace: 'acme-prod', name: 'author', subresource: 'status' };
const specTarget = { resource: 'rollout', namespace: 'acme-prod', name: 'author' };

const withSpecPaused = (ro: RolloutObject): RolloutObject => ({ ...ro, spec: { ...ro.spec, paused: true } });

const inFlight = (status: RolloutObject['status'] = {}): RolloutObject =>
  rollout({
    status: {
      currentPodHash: '7c9d8f6b4',
      stableRS: '6d8f7b9c5',
      phase: 'Progressing',
      currentStepIndex: 2,
      ...status,
    },
  });

describe('planPromote (kubectl argo rollouts promote)', () => {
  it.each<{ name: string; ro: RolloutObject; expected: OperationPlan }>([
    {
      name: 'paused at a canary pause step: clear pause conditions via status',
      ro: pausedRollout(),
      expected: {
        kind: 'patch',
        patches: [{ target: statusTarget, type: 'merge', body: { status: { pauseConditions: null } } }],
      } as OperationPlan,
    },
    {
      name: 'manually paused (spec.paused) with pause conditions: status then spec',
      ro: withSpecPaused(pausedRollout()),
      expected: {
        kind: 'patch',
        patches: [
          { target: statusTarget, type: 'merge', body: { status: { pauseConditions: null } } },
          { target: specTarget, type: 'merge', body: { spec: { paused: false } } },
        ],
      } as OperationPlan,
    },
    {
      name: 'spec.paused without pause conditions: advance one step and unpause',
      ro: withSpecPaused(inFlight({ pauseConditions: [] })),
      expected: {
        kind: 'patch',
        patches: [
          { target: statusTarget, type: 'merge', body: { status: { pauseConditions: null, currentStepIndex: 3 } } },
          { target: specTarget, type: 'merge', body: { spec: { paused: false } } },
        ],
      } as OperationPlan,
    },
    {
      name: 'progressing, not paused: noop',
      ro: inFlight(),
      expected: { kind: 'noop', reason: 'rollout is not paused' },
    },
    { name: 'healthy: noop', ro: rollout(), expected: { kind: 'noop', reason: 'rollout is not paused' } },
  ])('$name', ({ ro, expected }) => {
    expect(planPromote(ro)).toEqual(expected);
  });

  it('caps the step index at the step count', () => {
    const plan = planPromote(withSpecPaused(inFlight({ currentStepIndex: 4 })));
    expect(plan.kind === 'patch' && plan.patches[0].body).toEqual({
      status: { pauseConditions: null, currentStepIndex: 4 },
    });
  });

  it('is idempotent: once the pause conditions are cleared a repeat is a noop', () => {
    const ro = pausedRollout();
    ro.status!.pauseConditions = undefined;
    expect(planPromote(ro).kind).toBe('noop');
  });
});

describe('status subresource operations', () => {
  it.each<{ name: string; plan: (ro: RolloutObject) => OperationPlan; ro: RolloutObject; expected: unknown }>([
    {
      name: 'promote full in flight',
      plan: planPromoteFull,
      ro: inFlight(),
      expected: { status: { promoteFull: true } },
    },
    { name: 'promote full when fully promoted', plan: planPromoteFull, ro: rollout(), expected: 'noop' },
    {
      name: 'promote full already requested',
      plan: planPromoteFull,
      ro: inFlight({ promoteFull: true }),
      expected: 'noop',
    },
    { name: 'abort in flight', plan: planAbort, ro: inFlight(), expected: { status: { abort: true } } },
    { name: 'abort when already aborted', plan: planAbort, ro: inFlight({ abort: true }), expected: 'noop' },
    { name: 'abort with nothing in flight', plan: planAbort, ro: rollout(), expected: 'noop' },
    {
      name: 'retry an aborted rollout',
      plan: planRetry,
      ro: inFlight({ abort: true }),
      expected: { status: { abort: false } },
    },
    { name: 'retry a rollout that is not aborted', plan: planRetry, ro: inFlight(), expected: 'noop' },
  ])('$name', ({ plan, ro, expected }) => {
    const out = plan(ro);
    if (expected === 'noop') {
      expect(out.kind).toBe('noop');
    } else {
      expect(out).toEqual({ kind: 'patch', patches: [{ target: statusTarget, type: 'merge', body: expected }] });
    }
  });
});
