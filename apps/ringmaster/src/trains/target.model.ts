import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { TargetStatus } from '@ringmaster/domain';
import { Connection } from '../graphql/connection.types.js';
import { TargetStatusEnum } from '../graphql/domain-enums.graphql.js';

/** (train, environment): the unit that is deployed, observed, judged and possibly rolled back. */
@ObjectType()
export class Target {
  /** Target.id, for the attribution loader */
  id: string;
  @Field() environment: string;
  @Field() cluster: string;
  @Field(() => String, { nullable: true }) tenant: string | null;
  @Field({ description: 'the ring the environment belongs to in this train' }) ring: string;
  @Field(() => TargetStatusEnum) status: TargetStatus;
  @Field(() => Int, { description: 'deploy attempts so far (retries included)' }) attempts: number;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field() updatedAt: Date;
}

export const TargetConnection = Connection(Target);

/** Which targets of a train `Train.targets` lists; every given criterion must hold. */
@InputType()
export class TargetFilter {
  @Field(() => String, { nullable: true, description: 'a ring of the train (BAD_USER_INPUT when it has none such)' })
  ring?: string | null;
  @Field(() => [TargetStatusEnum], { nullable: true, description: 'any of these states' })
  status?: TargetStatus[] | null;
  @Field(() => String, { nullable: true }) cluster?: string | null;
  @Field(() => String, { nullable: true }) tenant?: string | null;
  @Field(() => String, { nullable: true, description: 'one environment by name' }) environment?: string | null;
}
