import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { Cause } from '@ringmaster/domain';
import { CauseEnum } from '../graphql/domain-enums.graphql.js';

/** The judged cause of a target's failure (API.md, `type Attribution`). */
@ObjectType({ description: "The judged cause of a target's failure, with its evidence" })
export class Attribution {
  @Field(() => ID) id: string;
  @Field() environment: string;
  @Field() ring: string;
  @Field(() => CauseEnum) cause: Cause;
  @Field(() => Float, { description: '0..1; 1 when a release manager decided' }) confidence: number;
  @Field(() => [String], { description: 'one human sentence per signal that fired' }) evidence: string[];
  @Field(() => String, { nullable: true }) signature: string | null;
  @Field(() => String, { nullable: true, description: 'who overrode the judged cause' }) overriddenBy: string | null;
  @Field() createdAt: Date;
}
