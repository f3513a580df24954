import type { Cause } from '../common/domain.enums.js';
import type { FailureBudget } from './ring-plan.model.js';

const PERCENT = 100;

/**
 * Whether a failure with this cause consumes the ring's failure budget. RELEASE counts; UNKNOWN counts too (fail
 * safe). CUSTOMER_CODE never does (the target is excluded) and TRANSIENT does not while it is being retried — once
 * its retries run out it becomes UNKNOWN and counts.
 */
export function countsTowardBudget(cause: Cause): boolean {
  return cause === 'RELEASE' || cause === 'UNKNOWN';
}

/** The failures of a ring, as the budget sees them. */
export interface BudgetCounts {
  /** targets whose failure counts (attributed RELEASE or UNKNOWN) */
  counted: number;
  /** the ring's targets that are still part of the train: all but the EXCLUDED ones */
  total: number;
}

/**
 * Whether a ring's failure budget is exhausted. The limits are what the ring TOLERATES, so being at a limit is not
 * exhausted, going past it is:
 * - `maxFailures: n` — exhausted when counted > n (so 0 means the first counted failure halts);
 * - `maxFailurePercent: p` — exhausted when counted / total × 100 > p (0 % likewise halts on the first one).
 * With both limits set, exceeding either exhausts the budget. A budget with no limit never exhausts (validation
 * refuses such plans). No counted failure never exhausts anything, whatever the total.
 */
export function budgetExhausted(ring: { failureBudget: FailureBudget }, counts: BudgetCounts): boolean {
  const { maxFailures, maxFailurePercent } = ring.failureBudget;
  if (counts.counted <= 0) return false;
  if (maxFailures != null && counts.counted > maxFailures) return true;
  if (maxFailurePercent != null) {
    // compare counted × 100 with p × total: no division, so a ring of zero non-excluded targets is handled
    if (counts.counted * PERCENT > maxFailurePercent * counts.total) return true;
  }
  return false;
}
