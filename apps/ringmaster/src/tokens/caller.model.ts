import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '../graphql/domain-enums.graphql.js';
import type { Role } from '../auth/role.model.js';

/** The answer of `me`: who the token in this request belongs to and what it may do. */
@ObjectType({ description: 'The caller of this request: the role its token carries and which token it is' })
export class Caller {
  @Field(() => RoleEnum, { description: 'VIEWER < RELEASE_MANAGER < ADMIN; each may do what the weaker ones may' })
  role: Role;
  @Field({ description: 'as the audit log names it: token:<name>, or admin-token for RINGMASTER_ADMIN_TOKEN' })
  actor: string;
  @Field(() => String, { nullable: true, description: "the API token's name; null for RINGMASTER_ADMIN_TOKEN" })
  tokenName: string | null;
  @Field(() => ID, { nullable: true, description: "the API token's id; null for RINGMASTER_ADMIN_TOKEN" })
  tokenId: string | null;
}
