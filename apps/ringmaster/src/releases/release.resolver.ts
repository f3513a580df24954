import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { notFound } from '@ringmaster/domain';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { Actor } from '../auth/role.model.js';
import { CreateReleaseInput, Release } from './release.model.js';
import { ReleaseRepository } from './release.repository.js';
import { CreateRelease } from './create-release.usecase.js';

/** releases, release(version), createRelease. */
@Resolver(() => Release)
export class ReleaseResolver {
  constructor(
    private readonly repository: ReleaseRepository,
    private readonly createReleaseUseCase: CreateRelease,
  ) {}

  @Roles('VIEWER')
  @Query(() => [Release], { description: 'every release, newest first' })
  releases(): Promise<Release[]> {
    return this.repository.list();
  }

  @Roles('VIEWER')
  @Query(() => Release, { description: 'one release; NOT_FOUND when there is none with this version' })
  async release(@Args('version') version: string): Promise<Release> {
    const release = await this.repository.findByVersion(version);
    if (!release) throw notFound('release', version);
    return release;
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Release, { description: 'a new immutable release; CONFLICT when the version exists' })
  createRelease(@Args('input') input: CreateReleaseInput, @CurrentActor() actor: Actor): Promise<Release> {
    return this.createReleaseUseCase.execute(input, actor);
  }
}
