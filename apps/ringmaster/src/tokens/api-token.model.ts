import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '../graphql/domain-enums.graphql.js';
import type { Role } from '../auth/role.model.js';

/** An API token as listed: never the token itself, only its first characters. */
@ObjectType()
export class ApiToken {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => RoleEnum) role: Role;
  @Field({ description: 'first characters of the token, to recognise it' }) prefix: string;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
}

/** The answer of createApiToken: the token, shown this once. */
@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'the bearer token; it is stored hashed and cannot be shown again' }) token: string;
  @Field(() => ApiToken) apiToken: ApiToken;
}
