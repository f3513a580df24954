import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module.js';
import { ReleasesModule } from '../releases/releases.module.js';
import { RingPlansModule } from '../ring-plans/ring-plans.module.js';
import { CreateTrain } from './create-train.usecase.js';
import { ListTrains } from './list-trains.query.js';
import { TargetFieldsResolver } from './target-fields.resolver.js';
import { RunTrainCommand } from './train-command.usecase.js';
import { TrainEventsFeed } from './train-events.feed.js';
import { TrainEventsRepository } from './train-events.repository.js';
import { TrainEventsResolver } from './train-events.resolver.js';
import { TrainFieldsResolver } from './train-fields.resolver.js';
import { TrainReadRepository } from './train-read.repository.js';
import { TrainTargetsRepository } from './train-targets.repository.js';
import { TrainLoaders } from './train.loaders.js';
import { TrainResolver } from './train.resolver.js';

/**
 * Train operations over GraphQL, on the engine's store and reconcile loop; reads through per-request loaders;
 * trainEvents from the Event table.
 */
@Module({
  imports: [EngineModule, ReleasesModule, RingPlansModule],
  providers: [
    CreateTrain,
    RunTrainCommand,
    ListTrains,
    TrainReadRepository,
    TrainTargetsRepository,
    TrainEventsRepository,
    TrainLoaders,
    TrainResolver,
    TrainFieldsResolver,
    TargetFieldsResolver,
    TrainEventsFeed,
    TrainEventsResolver,
  ],
})
export class TrainsModule {}
