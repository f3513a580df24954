import { describe, expect, it } from '@jest/globals';
import { toDomainPlan } from './upsert-ring-plan.usecase.js';
import type { RingInput } from './ring-plan.model.js';

const ring: RingInput = {
  name: 'all',
  kind: 'ALL',
  selector: '',
  maxParallel: 5,
  bake: '30m',
  failureBudget: { maxFailures: 2, maxFailurePercent: null },
  gate: 'AUTO',
  analysis: null,
};

describe('toDomainPlan', () => {
  it('turns API input into the domain plan, nulls dropped and bake in milliseconds', () => {
    expect(toDomainPlan({ name: 'p', rings: [ring], autoRollback: null })).toEqual({
      name: 'p',
      autoRollback: false,
      rings: [expect.objectContaining({ name: 'all', bakeMs: 1_800_000, failureBudget: { maxFailures: 2 } })],
    });
  });

  it.each([
    ['no rings', [], ['rings']],
    ['a bad bake', [{ ...ring, bake: '5 minutes' }], ['rings[0].bake']],
    ['a bake with milliseconds', [{ ...ring, bake: '1s500ms' }], ['rings[0].bake']],
    ['no failure budget', [{ ...ring, failureBudget: {} }], ['rings[0].failureBudget']],
    ['a bad selector', [{ ...ring, selector: 'a in (' }], ['rings[0].selector']],
  ])('refuses %s naming the field', (_name, rings, fields) => {
    let caught: unknown;
    try {
      toDomainPlan({ name: 'p', rings });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((caught as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(fields);
  });
});
