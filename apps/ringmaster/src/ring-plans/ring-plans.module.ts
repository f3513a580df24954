import { Module } from '@nestjs/common';
import { RingPlanRepository } from './ring-plan.repository.js';
import { RingPlanResolver } from './ring-plan.resolver.js';
import { UpsertRingPlan } from './upsert-ring-plan.usecase.js';

/** Ring plan operations. Exports RingPlanRepository for trains. */
@Module({ providers: [RingPlanRepository, UpsertRingPlan, RingPlanResolver], exports: [RingPlanRepository] })
export class RingPlansModule {}
