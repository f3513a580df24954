import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Cause } from '@ringmaster/domain';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { Actor } from '../auth/role.model.js';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { CauseEnum } from '../graphql/domain-enums.graphql.js';
import { Attribution } from './attribution.model.js';
import { AttributionOverrides } from './attribution.override.service.js';

/** overrideAttribution(id, cause, note): RELEASE_MANAGER; records who and why, wakes the train. */
@Resolver(() => Attribution)
export class AttributionResolver {
  constructor(
    @Inject(AttributionOverrides) private readonly overrides: AttributionOverrides,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Attribution, {
    description: "a release manager's cause for a failure; the train re-evaluates the ring's budget on its next pass",
  })
  overrideAttribution(
    @Args('id', { type: () => ID }) id: string,
    @Args('cause', { type: () => CauseEnum }) cause: Cause,
    @Args('note') note: string,
    @CurrentActor() actor: Actor,
  ): Promise<Attribution> {
    return this.overrides.override(id, cause, note, actor.name, this.clock());
  }
}
