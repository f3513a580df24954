import { Injectable } from '@nestjs/common';
import {
  badUserInputs,
  isDomainError,
  validateFreezeWindows,
  validateRingPlan,
  type FreezeWindow,
  type InputIssue,
  type RingPlan as DomainRingPlan,
  type RingPlanInput,
} from '@ringmaster/domain';
import type { RingPlan, UpsertRingPlanInput } from './ring-plan.model.js';
import { RingPlanRepository } from './ring-plan.repository.js';

const MS_PER_SECOND = 1000;

/**
 * upsertRingPlan: validates with the domain (rings and freeze windows, as schedules validate theirs), then creates or
 * revises the plan (revision + 1 on change).
 */
@Injectable()
export class UpsertRingPlan {
  constructor(private readonly plans: RingPlanRepository) {}

  async execute(input: UpsertRingPlanInput): Promise<RingPlan> {
    const { plan, freezeWindows } = validatedUpsert(input);
    return this.plans.upsert(plan, freezeWindows);
  }
}

/**
 * The validated plan and freeze windows (undefined when the input leaves them out) of an upsert; every problem of
 * both in one BAD_USER_INPUT with field paths (`rings[0].bake`, `freezeWindows[0].timezone`).
 */
export function validatedUpsert(input: UpsertRingPlanInput): {
  plan: DomainRingPlan;
  freezeWindows?: FreezeWindow[];
} {
  const issues: InputIssue[] = [];
  const plan = collect(issues, () => toDomainPlan(input));
  const freezeWindows = input.freezeWindows
    ? collect(issues, () => validateFreezeWindows(input.freezeWindows!.map(withoutNulls)))
    : undefined;
  if (issues.length > 0 || !plan) throw badUserInputs(issues);
  return { plan, freezeWindows };
}

function collect<T>(issues: InputIssue[], validate: () => T): T | undefined {
  try {
    return validate();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/** The domain's validated plan from the API input; every problem in one BAD_USER_INPUT with field paths. */
export function toDomainPlan(input: UpsertRingPlanInput): DomainRingPlan {
  const domainInput: RingPlanInput = {
    name: input.name,
    autoRollback: input.autoRollback ?? undefined,
    rings: input.rings.map((ring) => ({
      name: ring.name,
      kind: ring.kind,
      selector: ring.selector,
      maxParallel: ring.maxParallel,
      bake: ring.bake,
      gate: ring.gate,
      failureBudget: withoutNulls(ring.failureBudget),
      analysis: ring.analysis ? withoutNulls(ring.analysis) : undefined,
    })),
  };
  let plan: DomainRingPlan | undefined;
  const issues: InputIssue[] = [];
  try {
    plan = validateRingPlan(domainInput);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    issues.push(...error.issues);
  }
  // the Ring table keeps whole seconds
  plan?.rings.forEach((ring, i) => {
    if (ring.bakeMs % MS_PER_SECOND !== 0) issues.push({ field: `rings[${i}].bake`, message: 'use whole seconds' });
  });
  if (issues.length > 0 || !plan) throw badUserInputs(issues);
  return plan;
}

function withoutNulls<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}
