import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
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
} from '@ringmaster/domain';
import { TrainStore } from '@ringmaster/persistence';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../auth/role.model.js';
import { Roles } from '../auth/roles.decorator.js';
import { CreateTrain } from './create-train.usecase.js';
import { RunTrainCommand, type TrainCommand } from './train-command.usecase.js';
import { CreateTrainInput, toTrainModel, Train } from './train.model.js';

/** train(id) and the train mutations of API.md: each maps its arguments to a domain command, nothing more. */
@Resolver(() => Train)
export class TrainResolver {
  constructor(
    @Inject(TrainStore) private readonly store: TrainStore,
    @Inject(CreateTrain) private readonly createTrainUseCase: CreateTrain,
    @Inject(RunTrainCommand) private readonly command: RunTrainCommand,
  ) {}

  @Roles('VIEWER')
  @Query(() => Train, { description: 'one train; NOT_FOUND when there is none with this id' })
  async train(@Args('id', { type: () => ID }) id: string): Promise<Train> {
    const loaded = await this.store.load(id);
    if (!loaded) throw notFound('train', id);
    return toTrainModel(loaded.state);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'a SCHEDULED train; it starts at startAt, or with startTrain' })
  async createTrain(@Args('input') input: CreateTrainInput, @CurrentActor() actor: Actor): Promise<Train> {
    return this.train(await this.createTrainUseCase.execute(input, actor));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  startTrain(@Args('id', { type: () => ID }) id: string): Promise<Train> {
    return this.run(id, startTrain);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'CONFLICT unless the ring is awaiting approval' })
  approveRing(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('ring') ring: string,
    @CurrentActor() actor: Actor,
  ): Promise<Train> {
    return this.run(trainId, (state, now) => approveRing(state, ring, now, actor.name));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  pauseTrain(@Args('id', { type: () => ID }) id: string): Promise<Train> {
    return this.run(id, pauseTrain);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  resumeTrain(@Args('id', { type: () => ID }) id: string): Promise<Train> {
    return this.run(id, resumeTrain);
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'stops promoting at once and aborts canaries in flight' })
  haltTrain(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<Train> {
    return this.run(id, (state, now) => haltTrain(state, reason, now));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train, { description: 'rolls every ring reached back, newest ring first' })
  rollbackTrain(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<Train> {
    return this.run(id, (state, now) => rollbackTrain(state, reason, now));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  cancelTrain(@Args('id', { type: () => ID }) id: string): Promise<Train> {
    return this.run(id, (state, now) => cancelTrain(state, now));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  retryTarget(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('environment') environment: string,
  ): Promise<Train> {
    return this.run(trainId, (state, now) => retryTarget(state, environment, now));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Train)
  excludeTarget(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('environment') environment: string,
    @Args('reason') reason: string,
  ): Promise<Train> {
    return this.run(trainId, (state, now) => excludeTarget(state, environment, reason, now));
  }

  private async run(id: string, command: TrainCommand): Promise<Train> {
    return toTrainModel(await this.command.execute(id, command));
  }
}
