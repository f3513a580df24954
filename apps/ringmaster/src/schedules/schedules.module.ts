import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { RingmasterConfig } from '@ringmaster/config';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { EngineModule } from '../engine/engine.module.js';
import { CreateTrain } from '../trains/create-train.usecase.js';
import { CreateSchedule } from './create-schedule.usecase.js';
import { OccurrenceRecorder } from './occurrence.recorder.js';
import {
  DEFAULT_SCHEDULE_SYNC_INTERVAL_MS,
  SCHEDULE_SYNC_OPTIONS,
  ScheduleRegistrar,
  type ScheduleSyncOptions,
} from './schedule.registrar.js';
import { ScheduleRepository } from './schedule.repository.js';
import { ScheduleResolver } from './schedule.resolver.js';
import { ScheduleRunner } from './schedule.runner.js';
import { UpdateSchedule } from './update-schedule.usecase.js';

/**
 * Scheduled trains: Schedule rows, their cron jobs (kept in line with the table on every replica, every
 * RINGMASTER_SCHEDULE_SYNC_INTERVAL), occurrence recording and the GraphQL operations. A fired occurrence creates
 * its train through the same CreateTrain use case as the createTrain mutation.
 */
@Module({
  imports: [ScheduleModule.forRoot(), EngineModule],
  providers: [
    CreateTrain,
    ScheduleRepository,
    OccurrenceRecorder,
    ScheduleRunner,
    {
      provide: SCHEDULE_SYNC_OPTIONS,
      inject: [RINGMASTER_CONFIG],
      useFactory: (config: RingmasterConfig): ScheduleSyncOptions => ({
        intervalMs: config.schedules?.syncIntervalMs ?? DEFAULT_SCHEDULE_SYNC_INTERVAL_MS,
      }),
    },
    ScheduleRegistrar,
    CreateSchedule,
    UpdateSchedule,
    ScheduleResolver,
  ],
  exports: [ScheduleRunner, ScheduleRegistrar],
})
export class SchedulesModule {}
