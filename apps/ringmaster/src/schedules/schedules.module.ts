import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { EngineModule } from '../engine/engine.module.js';
import { CreateTrain } from '../trains/create-train.usecase.js';
import { CreateSchedule } from './create-schedule.usecase.js';
import { OccurrenceRecorder } from './occurrence.recorder.js';
import { ScheduleRegistrar } from './schedule.registrar.js';
import { ScheduleRepository } from './schedule.repository.js';
import { ScheduleResolver } from './schedule.resolver.js';
import { ScheduleRunner } from './schedule.runner.js';
import { UpdateSchedule } from './update-schedule.usecase.js';

/**
 * Scheduled trains: Schedule rows, their cron jobs, occurrence recording and the GraphQL operations. A fired
 * occurrence creates its train through the same CreateTrain use case as the createTrain mutation.
 */
@Module({
  imports: [ScheduleModule.forRoot(), EngineModule],
  providers: [
    CreateTrain,
    ScheduleRepository,
    OccurrenceRecorder,
    ScheduleRunner,
    ScheduleRegistrar,
    CreateSchedule,
    UpdateSchedule,
    ScheduleResolver,
  ],
  exports: [ScheduleRunner, ScheduleRegistrar],
})
export class SchedulesModule {}
