import { Injectable } from '@nestjs/common';
import {
  badUserInputs,
  isDomainError,
  validateRingPlan,
  type InputIssue,
  type RingPlan as DomainRingPlan,
  type RingPlanInput,
} from '@ringmaster/domain';
import type { RingPlan, UpsertRingPlanInput } from './ring-plan.model.js';
import { RingPlanRepository } from './ring-plan.repository.js';

const MS_PER_SECOND = 1000;

/** upsertRingPlan: validates with the domain, then creates or revises the plan (revision + 1 on change). */
@Injectable()
export class UpsertRingPlan {
  constructor(private readonly plans: RingPlanRepository) {}

  async execute(input: UpsertRingPlanInput): Promise<RingPlan> {
    return this.plans.upsert(toDomainPlan(input));
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
