import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { Actor, Role } from '../auth/role.model.js';
import { RoleEnum } from '../graphql/domain-enums.graphql.js';
import { ApiToken, CreatedApiToken } from './api-token.model.js';
import { ApiTokenRepository } from './api-token.repository.js';
import { CreateApiToken } from './create-api-token.usecase.js';
import { RevokeApiToken } from './revoke-api-token.usecase.js';

/** apiTokens, createApiToken, revokeApiToken: ADMIN only. */
@Resolver(() => ApiToken)
export class ApiTokenResolver {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly createToken: CreateApiToken,
    private readonly revokeToken: RevokeApiToken,
  ) {}

  @Roles('ADMIN')
  @Query(() => [ApiToken], { description: 'every API token, revoked ones included (admin)' })
  apiTokens(): Promise<ApiToken[]> {
    return this.tokens.list();
  }

  @Roles('ADMIN')
  @Mutation(() => CreatedApiToken, { description: 'a new token; the answer is the only time it is shown' })
  async createApiToken(
    @Args('name') name: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedApiToken> {
    const { token, row } = await this.createToken.execute({ name, role }, actor);
    return { token, apiToken: row };
  }

  @Roles('ADMIN')
  @Mutation(() => ApiToken, { description: 'the token stops working; revoking twice changes nothing' })
  revokeApiToken(@Args('id', { type: () => ID }) id: string): Promise<ApiToken> {
    return this.revokeToken.execute(id);
  }
}
