import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Gate, RingKind } from '@ringmaster/domain';
import { GateEnum, RingKindEnum } from '../graphql/domain-enums.graphql.js';
import { FreezeWindow, FreezeWindowInput } from '../schedules/schedule.model.js';

@ObjectType()
export class FailureBudget {
  @Field(() => Int, { nullable: true }) maxFailures: number | null;
  @Field(() => Float, { nullable: true }) maxFailurePercent: number | null;
}

/** Canary-versus-stable thresholds; unset ones take the judge's defaults. */
@ObjectType()
export class AnalysisThresholds {
  @Field(() => Float, { nullable: true }) maxErrorRatioIncrease: number | null;
  @Field(() => Float, { nullable: true }) maxLatencyRatio: number | null;
  @Field(() => Int, { nullable: true }) minRequests: number | null;
}

/** One ring of a plan, in order. */
@ObjectType()
export class Ring {
  @Field(() => Int, { description: '0 for the first ring' }) position: number;
  @Field() name: string;
  @Field(() => RingKindEnum) kind: RingKind;
  @Field({ description: 'label selector over environment labels; "" matches everyone left' }) selector: string;
  @Field(() => Int) maxParallel: number;
  @Field({ description: 'bake duration, e.g. 30m' }) bake: string;
  @Field(() => Int) bakeSeconds: number;
  @Field(() => FailureBudget) failureBudget: FailureBudget;
  @Field(() => GateEnum) gate: Gate;
  @Field(() => AnalysisThresholds) analysis: AnalysisThresholds;
}

/** An ordered ring plan. `revision` goes up by one with every change. */
@ObjectType()
export class RingPlan {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Int) revision: number;
  @Field() autoRollback: boolean;
  @Field(() => [Ring]) rings: Ring[];
  @Field(() => [FreezeWindow], {
    description: 'while one is in force no new ring of a train on this plan starts; the ring in flight carries on',
  })
  freezeWindows: FreezeWindow[];
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@InputType()
export class FailureBudgetInput {
  @Field(() => Int, { nullable: true }) maxFailures?: number | null;
  @Field(() => Float, { nullable: true }) maxFailurePercent?: number | null;
}

@InputType()
export class AnalysisThresholdsInput {
  @Field(() => Float, { nullable: true }) maxErrorRatioIncrease?: number | null;
  @Field(() => Float, { nullable: true }) maxLatencyRatio?: number | null;
  @Field(() => Int, { nullable: true }) minRequests?: number | null;
}

@InputType()
export class RingInput {
  @Field() name: string;
  @Field(() => RingKindEnum) kind: RingKind;
  @Field({ description: 'Kubernetes label-selector syntax over environment labels; "" = all' }) selector: string;
  @Field(() => Int) maxParallel: number;
  @Field({ description: 'a duration: 45s, 30m, 2h' }) bake: string;
  @Field(() => FailureBudgetInput) failureBudget: FailureBudgetInput;
  @Field(() => GateEnum) gate: Gate;
  @Field(() => AnalysisThresholdsInput, { nullable: true }) analysis?: AnalysisThresholdsInput | null;
}

@InputType()
export class UpsertRingPlanInput {
  @Field() name: string;
  @Field(() => [RingInput]) rings: RingInput[];
  @Field(() => Boolean, { nullable: true }) autoRollback?: boolean | null;
  @Field(() => [FreezeWindowInput], {
    nullable: true,
    description: "the plan's freeze windows (ONE_OFF or WEEKLY); omitted: the stored ones are kept, []: none",
  })
  freezeWindows?: FreezeWindowInput[] | null;
}
