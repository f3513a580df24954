import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { notFound } from '@ringmaster/domain';
import { Roles } from '../auth/roles.decorator.js';
import { RingPlan, UpsertRingPlanInput } from './ring-plan.model.js';
import { RingPlanRepository } from './ring-plan.repository.js';
import { UpsertRingPlan } from './upsert-ring-plan.usecase.js';

/** ringPlans, ringPlan(name), upsertRingPlan. */
@Resolver(() => RingPlan)
export class RingPlanResolver {
  constructor(
    private readonly plans: RingPlanRepository,
    private readonly upsert: UpsertRingPlan,
  ) {}

  @Roles('VIEWER')
  @Query(() => [RingPlan], { description: 'every ring plan, by name' })
  ringPlans(): Promise<RingPlan[]> {
    return this.plans.list();
  }

  @Roles('VIEWER')
  @Query(() => RingPlan, { description: 'one ring plan; NOT_FOUND when there is none with this name' })
  async ringPlan(@Args('name') name: string): Promise<RingPlan> {
    const plan = await this.plans.findByName(name);
    if (!plan) throw notFound('ring plan', name);
    return plan;
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => RingPlan, { description: 'creates or revises a plan; trains in flight keep their snapshot' })
  upsertRingPlan(@Args('input') input: UpsertRingPlanInput): Promise<RingPlan> {
    return this.upsert.execute(input);
  }
}
