import { GATES, isOneOf, RING_KINDS } from '../common/domain.enums.js';
import { badUserInputs, type InputIssue, isDomainError } from '../common/domain.errors.js';
import { parseDuration } from '../common/duration.parser.js';
import { parseLabelSelector } from '../common/label-selector.parser.js';
import type {
  AnalysisThresholds,
  FailureBudget,
  RingInput,
  RingPlan,
  RingPlanInput,
  RingPolicy,
} from './ring-plan.model.js';

const MAX_NAME_LENGTH = 63;
const NAME = /^[a-z0-9](?:[-a-z0-9_.]*[a-z0-9])?$/i;
const MAX_PERCENT = 100;

function problemOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (isDomainError(error)) return error.issues[0]?.message ?? error.message;
    throw error;
  }
}

function checkName(name: string, field: string, issues: InputIssue[]): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    issues.push({
      field,
      message: `"${name}" must be 1 to ${MAX_NAME_LENGTH} letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
    });
  }
}

function checkBudget(budget: FailureBudget | undefined, field: string, issues: InputIssue[]): void {
  if (!budget || (budget.maxFailures == null && budget.maxFailurePercent == null)) {
    issues.push({ field, message: 'set maxFailures, maxFailurePercent or both' });
    return;
  }
  if (budget.maxFailures != null && !(Number.isSafeInteger(budget.maxFailures) && budget.maxFailures >= 0)) {
    issues.push({ field: `${field}.maxFailures`, message: 'must be a whole number, 0 or more' });
  }
  const percent = budget.maxFailurePercent;
  if (percent != null && !(Number.isFinite(percent) && percent >= 0 && percent <= MAX_PERCENT)) {
    issues.push({ field: `${field}.maxFailurePercent`, message: `must be a number from 0 to ${MAX_PERCENT}` });
  }
}

function checkAnalysis(analysis: AnalysisThresholds, field: string, issues: InputIssue[]): void {
  for (const [key, value] of Object.entries(analysis)) {
    if (value != null && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      issues.push({ field: `${field}.${key}`, message: 'must be a number, 0 or more' });
    }
  }
}

function checkRing(ring: RingInput, field: string, issues: InputIssue[]): RingPolicy {
  checkName(ring.name, `${field}.name`, issues);
  if (!isOneOf(RING_KINDS, ring.kind)) {
    issues.push({ field: `${field}.kind`, message: `must be one of ${RING_KINDS.join(', ')}` });
  }
  if (!isOneOf(GATES, ring.gate))
    issues.push({ field: `${field}.gate`, message: `must be one of ${GATES.join(', ')}` });
  const selectorProblem = problemOf(() => parseLabelSelector(ring.selector, `${field}.selector`));
  if (selectorProblem) issues.push({ field: `${field}.selector`, message: selectorProblem });
  if (!(Number.isSafeInteger(ring.maxParallel) && ring.maxParallel >= 1)) {
    issues.push({ field: `${field}.maxParallel`, message: 'must be a whole number, 1 or more' });
  }
  let bakeMs = 0;
  const bakeProblem = problemOf(() => {
    bakeMs = parseDuration(ring.bake, `${field}.bake`);
  });
  if (bakeProblem) issues.push({ field: `${field}.bake`, message: bakeProblem });
  checkBudget(ring.failureBudget, `${field}.failureBudget`, issues);
  const analysis = ring.analysis ?? {};
  checkAnalysis(analysis, `${field}.analysis`, issues);
  const budget: FailureBudget = {};
  if (ring.failureBudget?.maxFailures != null) budget.maxFailures = ring.failureBudget.maxFailures;
  if (ring.failureBudget?.maxFailurePercent != null) budget.maxFailurePercent = ring.failureBudget.maxFailurePercent;
  return {
    name: ring.name,
    kind: ring.kind,
    selector: ring.selector,
    maxParallel: ring.maxParallel,
    bakeMs,
    failureBudget: budget,
    gate: ring.gate,
    analysis: { ...analysis },
  };
}

/**
 * Validates a ring plan from the API and returns it with durations in milliseconds.
 * Checks: a valid plan name, at least one ring, unique ring names, known kinds and gates, valid selectors and bake
 * durations, maxParallel ≥ 1, a failure budget with at least one limit, non-negative analysis thresholds.
 * Throws one BAD_USER_INPUT DomainError listing every problem (`issues`), each with its field path (`rings[1].bake`).
 */
export function validateRingPlan(input: RingPlanInput): RingPlan {
  const issues: InputIssue[] = [];
  checkName(input.name, 'name', issues);
  if (input.rings.length === 0) issues.push({ field: 'rings', message: 'a plan needs at least one ring' });
  const seen = new Set<string>();
  const rings = input.rings.map((ring, i) => {
    const field = `rings[${i}]`;
    if (seen.has(ring.name)) issues.push({ field: `${field}.name`, message: `"${ring.name}" is used by another ring` });
    seen.add(ring.name);
    return checkRing(ring, field, issues);
  });
  if (issues.length > 0) throw badUserInputs(issues);
  return { name: input.name, rings, autoRollback: input.autoRollback ?? false };
}
