import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';

/** The image a release deploys for one component. */
@ObjectType()
export class ComponentImage {
  @Field({ description: 'component name (`ringmaster.io/component`: author, publish, ...)' }) name: string;
  @Field({ description: 'pinned image reference (tag or digest)' }) image: string;
}

/** An immutable set of component images under a version. */
@ObjectType()
export class Release {
  @Field(() => ID) id: string;
  @Field() version: string;
  @Field(() => [ComponentImage]) components: ComponentImage[];
  @Field(() => String, { nullable: true }) notes: string | null;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
}

@InputType()
export class ComponentImageInput {
  @Field() name: string;
  @Field() image: string;
}

@InputType()
export class CreateReleaseInput {
  @Field() version: string;
  @Field(() => [ComponentImageInput]) components: ComponentImageInput[];
  @Field(() => String, { nullable: true }) notes?: string | null;
}
