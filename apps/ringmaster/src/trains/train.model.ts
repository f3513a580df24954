import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { RingRunStatus, TargetCounts as DomainTargetCounts, TrainStatus } from '@ringmaster/domain';
import { Connection } from '../graphql/connection.types.js';
import { RingRunStatusEnum, TrainStatusEnum } from '../graphql/domain-enums.graphql.js';

/** Targets of one ring by state. */
@ObjectType()
export class TargetCounts implements DomainTargetCounts {
  @Field(() => Int) total: number;
  @Field(() => Int) pending: number;
  @Field(() => Int) deploying: number;
  @Field(() => Int) healthy: number;
  @Field(() => Int, { description: 'FAILED, RETRYING and ROLLBACK_UNSAFE' }) failed: number;
  @Field(() => Int) excluded: number;
  @Field(() => Int) rolledBack: number;
}

/** One ring of a train. */
@ObjectType()
export class RingRun {
  @Field() name: string;
  @Field(() => RingRunStatusEnum) status: RingRunStatus;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'when every target of the ring was healthy and the bake began' })
  bakeStartedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'when the bake ends (pushed back while metrics are unreachable)' })
  bakeEndsAt: Date | null;
  @Field(() => String, { nullable: true, description: 'who approved the ring (manual gate)' })
  approvedBy: string | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => TargetCounts) targetCounts: TargetCounts;
}

/**
 * One departure: a release carried through a ring plan. The GraphQL parent of Train's field resolvers is this row
 * view; `release`, `ringPlan`, `releaseVersion`, `rings`, `targets`, `attributions` and `events` are resolved
 * through the request's DataLoaders (train-fields.resolver.ts).
 */
@ObjectType()
export class Train {
  @Field(() => ID) id: string;
  @Field(() => TrainStatusEnum) status: TrainStatus;
  @Field({ description: 'the name of the ring plan the train follows (as snapshotted at creation)' })
  ringPlanName: string;
  @Field(() => String, { nullable: true }) currentRing: string | null;
  @Field(() => String, { nullable: true }) haltReason: string | null;
  @Field({ description: 'a paused train deploys nothing new but keeps observing' }) paused: boolean;
  @Field() autoRollback: boolean;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  /** Release.id, for the release loader */
  releaseId: string;
  /** RingPlan.id, for the ring plan loader */
  ringPlanId: string;
  /** the snapshotted plan's ring names in order, to check a `targets` ring filter */
  ringNames: string[];
}

export const TrainConnection = Connection(Train);

@InputType()
export class CreateTrainInput {
  @Field() releaseVersion: string;
  @Field({ description: 'name of the ring plan' }) ringPlan: string;
  @Field(() => Date, { nullable: true, description: 'start by itself at this time; without it, call startTrain' })
  startAt?: Date | null;
  @Field(() => Boolean, { nullable: true, description: "defaults to the ring plan's autoRollback" })
  autoRollback?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'a second createTrain with the same key returns the first train',
  })
  idempotencyKey?: string | null;
}
