import { Field, InputType, ObjectType } from '@nestjs/graphql';

/** A label `key=value`. */
@ObjectType()
export class Label {
  @Field() key: string;
  @Field() value: string;
}

@InputType()
export class LabelInput {
  @Field() key: string;
  @Field() value: string;
}

/** Labels as GraphQL lists, sorted by key. */
export function toLabelList(labels: unknown): Label[] {
  const record = (labels ?? {}) as Record<string, unknown>;
  return Object.keys(record)
    .sort()
    .map((key) => ({ key, value: String(record[key]) }));
}
