import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  approveRing,
  cancelTrain,
  excludeTarget,
  haltTrain,
  notFound,
  pauseTrain,
  resumeTrain,
  retryTarget,
  rollbackTrain,
  startTrain,
  type TrainStatus,
} from '@ringmaster/domain';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../auth/role.model.js';
import { Roles } from '../auth/roles.decorator.js';
import type { ApiContext } from '../graphql/api.context.js';
import { PageArgs, type ConnectionOf } from '../graphql/connection.types.js';
import { TrainStatusEnum } from '../graphql/domain-enums.graphql.js';
import { commandReason } from './command-reason.js';
import { CreateTrain } from './create-train.usecase.js';
import { ListTrains } from './list-trains.query.js';
import { RunTrainCommand, type TrainCommand } from './train-command.usecase.js';
import { TrainLoaders } from './train.loaders.js';
import { CreateTrainInput, Train, TrainConnection } from './train.model.js';

/**
 * trains, train(id) and the train mutations of API.md: each maps its arguments to a query or a domain command,
 * nothing more. Every one answers with the stored train row; its other fields come from TrainFieldsResolver.
 */
@Resolver(() => Train)
export class TrainResolver {
  constructor(
    @Inject(TrainLoaders) private readonly loaders: TrainLoaders,
    @Inject(ListTrains) private readonly list: ListTrains,
    @Inject(CreateTrain) private readonly createTrainUseCase: CreateTrain,
    @Inject(RunTrainCommand) private readonly command: RunTrainCommand,
  ) {}

  @Roles('VIEWER')
  @Query(() => TrainConnection, { description: 'trains, newest first; `status` keeps those in any of the states' })
  trains(
    @Args('status', { type: () => [TrainStatusEnum], nullable: true }) status: TrainStatus[] | null,
    @Args() page: PageArgs,
  ): Promise<ConnectionOf<Train>> {
    return this.list.execute(status, page);
  }

  @Roles('VIEWER')
  @Query(() => Train, { description: 'one train; NOT_FOUND when there is none with this id' })
  train(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Train> {
    return this.read(id, ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'a SCHEDULED train; it starts at startAt, or with startTrain' })
  async createTrain(
    @Args('input') input: CreateTrainInput,
    @CurrentActor() actor: Actor,
    @Context() ctx: ApiContext,
  ): Promise<Train> {
    const id = await this.createTrainUseCase.execute(input, actor);
    ctx.loaders.clear();
    return this.read(id, ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  startTrain(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Train> {
    return this.run(id, startTrain, ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'CONFLICT unless the ring is awaiting approval' })
  approveRing(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('ring') ring: string,
    @CurrentActor() actor: Actor,
    @Context() ctx: ApiContext,
  ): Promise<Train> {
    return this.run(trainId, (state, now) => approveRing(state, ring, now, actor.name), ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  pauseTrain(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Train> {
    return this.run(id, pauseTrain, ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  resumeTrain(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Train> {
    return this.run(id, resumeTrain, ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'stops promoting at once and aborts canaries in flight' })
  haltTrain(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context() ctx: ApiContext,
  ): Promise<Train> {
    const why = commandReason(reason);
    return this.run(id, (state, now) => haltTrain(state, why, now), ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'rolls every ring reached back, newest ring first' })
  rollbackTrain(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context() ctx: ApiContext,
  ): Promise<Train> {
    const why = commandReason(reason);
    return this.run(id, (state, now) => rollbackTrain(state, why, now), ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  cancelTrain(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Train> {
    return this.run(id, (state, now) => cancelTrain(state, now), ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  retryTarget(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('environment') environment: string,
    @Context() ctx: ApiContext,
  ): Promise<Train> {
    return this.run(trainId, (state, now) => retryTarget(state, environment, now), ctx);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  excludeTarget(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('environment') environment: string,
    @Args('reason') reason: string,
    @Context() ctx: ApiContext,
  ): Promise<Train> {
    const why = commandReason(reason);
    return this.run(trainId, (state, now) => excludeTarget(state, environment, why, now), ctx);
  }

  private async run(id: string, command: TrainCommand, ctx: ApiContext): Promise<Train> {
    await this.command.execute(id, command);
    // a later mutation of the same request must not see what this request's loaders cached before
    ctx.loaders.clear();
    return this.read(id, ctx);
  }

  private async read(id: string, ctx: ApiContext): Promise<Train> {
    const train = await this.loaders.train(ctx.loaders).load(id);
    if (!train) throw notFound('train', id);
    return train;
  }
}
