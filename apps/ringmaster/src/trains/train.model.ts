import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  countTargets,
  currentRingName,
  type RingRunStatus,
  type TargetCounts as DomainTargetCounts,
  type TrainState,
  type TrainStatus,
} from '@ringmaster/domain';
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
  @Field(() => Date, { nullable: true, description: 'when the bake ends (pushed back while metrics are unreachable)' })
  bakeEndsAt: Date | null;
  @Field(() => TargetCounts) targetCounts: TargetCounts;
}

/** One departure: a release carried through a ring plan. */
@ObjectType()
export class Train {
  @Field(() => ID) id: string;
  @Field(() => TrainStatusEnum) status: TrainStatus;
  @Field({ description: 'the version of the release the train carries' }) releaseVersion: string;
  @Field({ description: 'the name of the ring plan the train follows (as snapshotted at creation)' })
  ringPlanName: string;
  @Field(() => String, { nullable: true }) currentRing: string | null;
  @Field(() => String, { nullable: true }) haltReason: string | null;
  @Field({ description: 'a paused train deploys nothing new but keeps observing' }) paused: boolean;
  @Field() autoRollback: boolean;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => [RingRun]) rings: RingRun[];
}

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

const date = (ms: number | undefined): Date | null => (ms === undefined ? null : new Date(ms));

/** The GraphQL view of a train's domain state. O(targets) for the counts. */
export function toTrainModel(state: TrainState): Train {
  return {
    id: state.id,
    status: state.status,
    releaseVersion: state.releaseVersion,
    ringPlanName: state.plan.name,
    currentRing: currentRingName(state) ?? null,
    haltReason: state.haltReason ?? null,
    paused: state.paused,
    autoRollback: state.autoRollback,
    createdAt: new Date(state.createdAt),
    startedAt: date(state.startedAt),
    finishedAt: date(state.finishedAt),
    rings: state.rings.map((ring, index) => ({
      name: ring.name,
      status: ring.status,
      startedAt: date(ring.startedAt),
      bakeEndsAt: date(ring.bakeEndsAt),
      targetCounts: countTargets(state, index),
    })),
  };
}
