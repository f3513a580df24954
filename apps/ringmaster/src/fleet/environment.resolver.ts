import { Args, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { PageArgs, type ConnectionOf } from '../graphql/connection.types.js';
import { Environment, EnvironmentConnection, EnvironmentFilter } from './environment.model.js';
import { ListEnvironments } from './list-environments.query.js';

/** environments(filter, first, after). */
@Resolver(() => Environment)
export class EnvironmentResolver {
  constructor(private readonly list: ListEnvironments) {}

  @Roles('VIEWER')
  @Query(() => EnvironmentConnection, { description: 'discovered environments, by name' })
  environments(
    @Args('filter', { type: () => EnvironmentFilter, nullable: true }) filter: EnvironmentFilter | null,
    @Args() page: PageArgs,
  ): Promise<ConnectionOf<Environment>> {
    return this.list.execute(filter, page);
  }
}
