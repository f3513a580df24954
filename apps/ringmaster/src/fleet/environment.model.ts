import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection.types.js';
import { Label, LabelInput } from '../graphql/label.types.js';

/** A component of an environment: one Argo Rollout. */
@ObjectType()
export class EnvironmentComponent {
  @Field() name: string;
  @Field() rolloutName: string;
  @Field(() => String, { nullable: true, description: 'image as last observed' }) image: string | null;
  @Field(() => String, { nullable: true }) workloadRef: string | null;
}

/** A customer environment discovered from its Rollouts' `ringmaster.io/*` labels. */
@ObjectType()
export class Environment {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() cluster: string;
  @Field() namespace: string;
  @Field(() => String, { nullable: true }) tenant: string | null;
  @Field(() => String, { nullable: true }) cohort: string | null;
  @Field(() => [Label], { description: 'the labels ring selectors match' }) labels: Label[];
  @Field(() => String, { nullable: true }) customerRevision: string | null;
  @Field(() => Date, { nullable: true }) customerRevisionChangedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'when its Rollouts disappeared' }) goneAt: Date | null;
  @Field(() => [EnvironmentComponent]) components: EnvironmentComponent[];
  @Field() updatedAt: Date;
}

export const EnvironmentConnection = Connection(Environment);

@InputType()
export class EnvironmentFilter {
  @Field(() => String, { nullable: true }) cluster?: string | null;
  @Field(() => String, { nullable: true }) tenant?: string | null;
  @Field(() => String, { nullable: true, description: 'ring name in `ringPlan` (first matching ring wins)' })
  ring?: string | null;
  @Field(() => String, { nullable: true, description: 'the plan `ring` refers to' }) ringPlan?: string | null;
  @Field(() => [LabelInput], { nullable: true, description: 'every label must match' }) label?: LabelInput[] | null;
  @Field(() => String, { nullable: true, description: 'a label selector, e.g. "tenant in (acme,globex)"' })
  selector?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'include environments that are gone (default false)' })
  includeGone?: boolean | null;
}
