import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module.js';
import { CreateTrain } from './create-train.usecase.js';
import { RunTrainCommand } from './train-command.usecase.js';
import { TrainResolver } from './train.resolver.js';

/** Train operations over GraphQL, on the engine's store and reconcile loop. */
@Module({ imports: [EngineModule], providers: [CreateTrain, RunTrainCommand, TrainResolver] })
export class TrainsModule {}
