import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '../common/domain.errors.js';
import type { RingInput, RingPlanInput } from './ring-plan.model.js';
import { validateRingPlan } from './ring-plan.validator.js';

const ring = (over: Partial<RingInput> = {}): RingInput => ({
  name: 'internal',
  kind: 'INTERNAL',
  selector: 'tier=internal',
  maxParallel: 5,
  bake: '30m',
  failureBudget: { maxFailures: 0 },
  gate: 'AUTO',
  ...over,
});

const plan = (rings: RingInput[], over: Partial<RingPlanInput> = {}): RingPlanInput => ({
  name: 'weekly',
  rings,
  ...over,
});

function issuesOf(input: RingPlanInput): DomainError['issues'] {
  try {
    validateRingPlan(input);
  } catch (error) {
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    return (error as DomainError).issues;
  }
  throw new Error('validateRingPlan accepted the plan');
}

describe('validateRingPlan', () => {
  it('accepts a plan and converts the bake to milliseconds', () => {
    const valid = validateRingPlan(
      plan(
        [
          ring(),
          ring({
            name: 'all',
            kind: 'ALL',
            selector: '',
            bake: '0s',
            gate: 'MANUAL',
            failureBudget: { maxFailurePercent: 2.5 },
          }),
        ],
        { autoRollback: true },
      ),
    );
    expect(valid).toEqual({
      name: 'weekly',
      autoRollback: true,
      rings: [
        {
          name: 'internal',
          kind: 'INTERNAL',
          selector: 'tier=internal',
          maxParallel: 5,
          bakeMs: 1_800_000,
          failureBudget: { maxFailures: 0 },
          gate: 'AUTO',
          analysis: {},
        },
        {
          name: 'all',
          kind: 'ALL',
          selector: '',
          maxParallel: 5,
          bakeMs: 0,
          failureBudget: { maxFailurePercent: 2.5 },
          gate: 'MANUAL',
          analysis: {},
        },
      ],
    });
  });

  it('defaults autoRollback to false', () => {
    expect(validateRingPlan(plan([ring()])).autoRollback).toBe(false);
  });

  it.each([
    ['no ring', plan([]), 'rings'],
    ['a duplicate ring name', plan([ring(), ring()]), 'rings[1].name'],
    ['a bad ring name', plan([ring({ name: 'has space' })]), 'rings[0].name'],
    ['a bad plan name', plan([ring()], { name: '' }), 'name'],
    ['maxParallel 0', plan([ring({ maxParallel: 0 })]), 'rings[0].maxParallel'],
    ['maxParallel not whole', plan([ring({ maxParallel: 1.5 })]), 'rings[0].maxParallel'],
    ['a bad bake', plan([ring({ bake: '30 minutes' })]), 'rings[0].bake'],
    ['a bad selector', plan([ring({ selector: 'tenant in acme' })]), 'rings[0].selector'],
    ['no budget limit', plan([ring({ failureBudget: {} })]), 'rings[0].failureBudget'],
    [
      'a negative maxFailures',
      plan([ring({ failureBudget: { maxFailures: -1 } })]),
      'rings[0].failureBudget.maxFailures',
    ],
    [
      'a percent over 100',
      plan([ring({ failureBudget: { maxFailurePercent: 101 } })]),
      'rings[0].failureBudget.maxFailurePercent',
    ],
    ['an unknown kind', plan([ring({ kind: 'EVERYONE' as RingInput['kind'] })]), 'rings[0].kind'],
    ['an unknown gate', plan([ring({ gate: 'MAYBE' as RingInput['gate'] })]), 'rings[0].gate'],
    ['a negative threshold', plan([ring({ analysis: { minRequests: -5 } })]), 'rings[0].analysis.minRequests'],
  ])('refuses %s, naming %s', (_name, input, field) => {
    expect(issuesOf(input).map((i) => i.field)).toContain(field);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(plan([ring({ maxParallel: 0, bake: 'x' }), ring({ selector: '!' })]));
    expect(issues.map((i) => i.field)).toEqual([
      'rings[0].maxParallel',
      'rings[0].bake',
      'rings[1].name',
      'rings[1].selector',
    ]);
  });

  it('says where a selector is wrong', () => {
    expect(issuesOf(plan([ring({ selector: 'tenant in acme' })]))[0].message).toMatch(/column 11/);
  });
});
