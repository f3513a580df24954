import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CreateSchedule } from './create-schedule.usecase.js';
import { OccurrenceRecorder } from './occurrence.recorder.js';
import { ScheduleRegistrar } from './schedule.registrar.js';
import { ScheduleRepository } from './schedule.repository.js';
import { ScheduleResolver } from './schedule.resolver.js';
import { ScheduleRunner } from './schedule.runner.js';

/** Scheduled trains: Schedule rows, their cron jobs, occurrence recording and the GraphQL operations. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    ScheduleRepository,
    OccurrenceRecorder,
    ScheduleRunner,
    ScheduleRegistrar,
    CreateSchedule,
    ScheduleResolver,
  ],
  exports: [ScheduleRunner, ScheduleRegistrar],
})
export class SchedulesModule {}
