import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ScheduleRepository, type StoredSchedule } from './schedule.repository.js';
import { ScheduleRunner } from './schedule.runner.js';

/** The SchedulerRegistry name of a schedule's cron job. */
export const jobName = (scheduleId: string) => `schedule:${scheduleId}`;

/** How long to wait before loading schedules again when the database cannot answer yet (down, not migrated). */
const LOAD_RETRY_MS = 5_000;

/**
 * Keeps one CronJob per enabled schedule in Nest's SchedulerRegistry: at start (after catching up on what was
 * missed while down) and whenever a schedule is created, updated or deleted on this replica. A job only triggers
 * `ScheduleRunner.tick`, which reads the time from the injected clock and records occurrences idempotently.
 * Other replicas pick a change up when they restart; until then their job ticks with the stored definition
 * (`tickById`), so a stale job may look at the wrong minute but never records a wrong occurrence.
 */
@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleRegistrar.name);
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly schedules: ScheduleRepository,
    private readonly runner: ScheduleRunner,
  ) {}

  /**
   * Registers every enabled schedule. When the schedules cannot be read yet (database down or migrations pending)
   * it logs and tries again after `retryMs`, so the service still starts and reports not ready.
   */
  async onApplicationBootstrap(retryMs = LOAD_RETRY_MS): Promise<void> {
    let stored: StoredSchedule[];
    try {
      stored = await this.schedules.list();
    } catch (error) {
      this.logger.warn(`cannot load schedules yet (${(error as Error).message.trim().split('\n').pop()}); retrying`);
      this.retry = setTimeout(() => void this.onApplicationBootstrap(retryMs), retryMs);
      this.retry.unref();
      return;
    }
    for (const schedule of stored) {
      if (!schedule.enabled) continue;
      await this.runner.tick(schedule).catch((error: unknown) => this.logger.error(error));
      this.register(schedule);
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
    for (const name of this.registry.getCronJobs().keys()) {
      if (name.startsWith('schedule:')) this.unregister(name.slice('schedule:'.length));
    }
  }

  /** Starts (or restarts) the schedule's cron job. */
  register(schedule: StoredSchedule): void {
    this.unregister(schedule.id);
    const job = CronJob.from({
      cronTime: schedule.cron,
      timeZone: schedule.timezone,
      onTick: () => {
        this.runner.tickById(schedule.id).catch((error: unknown) => this.logger.error(error));
      },
      start: false,
    });
    this.registry.addCronJob(jobName(schedule.id), job as never);
    job.start();
  }

  /** Stops and forgets the schedule's cron job, if any. */
  unregister(scheduleId: string): void {
    const name = jobName(scheduleId);
    if (!this.registry.doesExist('cron', name)) return;
    this.registry.getCronJob(name).stop();
    this.registry.deleteCronJob(name);
  }

  /** Whether the schedule has a running cron job (for tests and health). */
  isRegistered(scheduleId: string): boolean {
    return this.registry.doesExist('cron', jobName(scheduleId));
  }
}
