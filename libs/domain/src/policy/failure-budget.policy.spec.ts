import { describe, expect, it } from '@jest/globals';
import { type Cause, CAUSES } from '../common/domain.enums.js';
import { budgetExhausted, countsTowardBudget } from './failure-budget.policy.js';
import type { FailureBudget } from './ring-plan.model.js';

describe('countsTowardBudget', () => {
  it.each(CAUSES.map((cause): [Cause, boolean] => [cause, cause === 'RELEASE' || cause === 'UNKNOWN']))(
    '%s counts: %s',
    (cause, counts) => {
      expect(countsTowardBudget(cause)).toBe(counts);
    },
  );
});

describe('budgetExhausted', () => {
  it.each<[string, FailureBudget, number, number, boolean]>([
    ['0 failures allowed, none yet', { maxFailures: 0 }, 0, 10, false],
    ['0 failures allowed, the first counted failure halts', { maxFailures: 0 }, 1, 10, true],
    ['at the count limit is not exhausted', { maxFailures: 2 }, 2, 10, false],
    ['past the count limit is exhausted', { maxFailures: 2 }, 3, 10, true],
    ['at the percent limit is not exhausted', { maxFailurePercent: 10 }, 1, 10, false],
    ['past the percent limit is exhausted', { maxFailurePercent: 10 }, 2, 10, true],
    ['0 percent halts on the first failure', { maxFailurePercent: 0 }, 1, 1000, true],
    ['a fractional percent', { maxFailurePercent: 0.5 }, 1, 100, true],
    ['a fractional percent not yet passed', { maxFailurePercent: 0.5 }, 1, 200, false],
    ['both set, only the count exceeded', { maxFailures: 1, maxFailurePercent: 50 }, 2, 10, true],
    ['both set, only the percent exceeded', { maxFailures: 10, maxFailurePercent: 10 }, 2, 10, true],
    ['both set, neither exceeded', { maxFailures: 5, maxFailurePercent: 50 }, 2, 10, false],
    ['a ring with no target left', { maxFailurePercent: 10 }, 0, 0, false],
    ['every target excluded but a counted failure', { maxFailurePercent: 10 }, 1, 0, true],
    ['no limit never exhausts', {}, 5, 5, false],
  ])('%s', (_name, failureBudget, counted, total, exhausted) => {
    expect(budgetExhausted({ failureBudget }, { counted, total })).toBe(exhausted);
  });
});
