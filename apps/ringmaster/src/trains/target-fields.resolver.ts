import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Attribution } from '../attribution/attribution.model.js';
import type { ApiContext } from '../graphql/api.context.js';
import { Target } from './target.model.js';
import { TrainLoaders } from './train.loaders.js';

/** Target.attribution, batched over every target of the response. */
@Resolver(() => Target)
export class TargetFieldsResolver {
  constructor(@Inject(TrainLoaders) private readonly loaders: TrainLoaders) {}

  @ResolveField(() => Attribution, { nullable: true, description: 'the latest judgement of its failure, if any' })
  attribution(@Parent() target: Target, @Context() ctx: ApiContext): Promise<Attribution | null> {
    return this.loaders.targetAttribution(ctx.loaders).load(target.id);
  }
}
