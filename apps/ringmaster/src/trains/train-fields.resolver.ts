import { Inject } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { badUserInput } from '@ringmaster/domain';
import { Attribution } from '../attribution/attribution.model.js';
import type { ApiContext } from '../graphql/api.context.js';
import { pageRequest, toConnection } from '../graphql/connection.paging.js';
import { PageArgs, type ConnectionOf } from '../graphql/connection.types.js';
import { Release } from '../releases/release.model.js';
import { RingPlan } from '../ring-plans/ring-plan.model.js';
import { Target, TargetConnection, TargetFilter } from './target.model.js';
import { EventConnection, type TrainEvent } from './train-event.model.js';
import { parseEventKey, parseTargetKey, targetKey } from './train.cursors.js';
import { TrainLoaders } from './train.loaders.js';
import { RingRun, Train } from './train.model.js';

/** Train's fields that read the database, each through the request's DataLoaders (no query per train). */
@Resolver(() => Train)
export class TrainFieldsResolver {
  constructor(@Inject(TrainLoaders) private readonly loaders: TrainLoaders) {}

  @ResolveField(() => Release)
  release(@Parent() train: Train, @Context() ctx: ApiContext): Promise<Release> {
    return this.loaders.release(ctx.loaders).load(train.releaseId);
  }

  @ResolveField(() => String, { description: 'the version of the release the train carries' })
  async releaseVersion(@Parent() train: Train, @Context() ctx: ApiContext): Promise<string> {
    return (await this.loaders.release(ctx.loaders).load(train.releaseId)).version;
  }

  @ResolveField(() => RingPlan, { description: 'the ring plan as stored now (the train follows its snapshot)' })
  ringPlan(@Parent() train: Train, @Context() ctx: ApiContext): Promise<RingPlan> {
    return this.loaders.ringPlan(ctx.loaders).load(train.ringPlanId);
  }

  @ResolveField(() => [RingRun], { description: 'the rings in plan order, with their targets counted by state' })
  rings(@Parent() train: Train, @Context() ctx: ApiContext): Promise<RingRun[]> {
    return this.loaders.rings(ctx.loaders).load(train.id);
  }

  @ResolveField(() => TargetConnection, { description: 'the targets by ring, then environment name' })
  async targets(
    @Parent() train: Train,
    @Context() ctx: ApiContext,
    @Args('filter', { type: () => TargetFilter, nullable: true }) filter: TargetFilter | null,
    @Args() page: PageArgs,
  ): Promise<ConnectionOf<Target>> {
    const request = pageRequest(page);
    const f = filter ?? {};
    if (f.ring != null && !train.ringNames.includes(f.ring)) {
      throw badUserInput('filter.ring', `the train has no ring "${f.ring}"`);
    }
    const query = {
      ring: f.ring ?? undefined,
      statuses: f.status ?? undefined,
      cluster: f.cluster ?? undefined,
      tenant: f.tenant ?? undefined,
      environment: f.environment ?? undefined,
      after: request.afterKey === undefined ? undefined : parseTargetKey(request.afterKey),
      take: request.first + 1,
    };
    const result = await this.loaders.targetPages(ctx.loaders, query).load(train.id);
    return toConnection(result.rows, request, result.totalCount, targetKey, (row) => row);
  }

  @ResolveField(() => [Attribution], { description: 'every judgement of a failed target, oldest first' })
  attributions(@Parent() train: Train, @Context() ctx: ApiContext): Promise<Attribution[]> {
    return this.loaders.attributions(ctx.loaders).load(train.id);
  }

  @ResolveField(() => EventConnection, { description: 'what happened to the train, oldest first' })
  async events(
    @Parent() train: Train,
    @Context() ctx: ApiContext,
    @Args() page: PageArgs,
  ): Promise<ConnectionOf<TrainEvent>> {
    const request = pageRequest(page);
    const afterSeq = request.afterKey === undefined ? '0' : parseEventKey(request.afterKey);
    const result = await this.loaders.eventPages(ctx.loaders, afterSeq, request.first + 1).load(train.id);
    return toConnection(
      result.rows,
      request,
      result.totalCount,
      (row) => row.seq,
      (row) => row.event,
    );
  }
}
