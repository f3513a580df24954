import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ScheduleRepository, type ScheduleJobDefinition, type StoredSchedule } from './schedule.repository.js';
import { ScheduleRunner } from './schedule.runner.js';
import { jobVersion, planScheduleSync } from './schedule-sync.planner.js';

/** The SchedulerRegistry name of a schedule's cron job. */
export const jobName = (scheduleId: string) => `schedule:${scheduleId}`;

/** How long to wait before loading schedules again when the database cannot answer yet (down, not migrated). */
const LOAD_RETRY_MS = 5_000;

/** How often the registrar re-reads the schedules unless configured (RINGMASTER_SCHEDULE_SYNC_INTERVAL). */
export const DEFAULT_SCHEDULE_SYNC_INTERVAL_MS = 15_000;

/** DI token of the registrar's ScheduleSyncOptions. */
export const SCHEDULE_SYNC_OPTIONS = Symbol('SCHEDULE_SYNC_OPTIONS');

export interface ScheduleSyncOptions {
  /** how often the stored schedules are compared with this replica's cron jobs */
  intervalMs: number;
}

/**
 * Keeps one CronJob per enabled schedule in Nest's SchedulerRegistry: at start (after catching up on what was
 * missed while down), whenever a schedule is created, updated or deleted on this replica, and every
 * `intervalMs` for changes made on other replicas: the sync re-reads the schedules' job definitions (one small
 * query), adds jobs for new schedules, replaces those whose definition changed (updatedAt) and removes those of
 * deleted ones. A job only triggers `ScheduleRunner.tick`, which reads the time from the injected clock and
 * records occurrences idempotently, so two replicas' jobs firing the same occurrence start one train.
 */
@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleRegistrar.name);
  private retry: NodeJS.Timeout | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private stopped = false;
  /** schedule id → jobVersion of the job this replica runs for it */
  private readonly versions = new Map<string, string>();
  /** while a sync reads the schedules: ids registered or unregistered meanwhile, whose rows it may have read stale */
  private changedDuringSync: Set<string> | undefined;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly schedules: ScheduleRepository,
    private readonly runner: ScheduleRunner,
    @Inject(SCHEDULE_SYNC_OPTIONS)
    private readonly options: ScheduleSyncOptions = { intervalMs: DEFAULT_SCHEDULE_SYNC_INTERVAL_MS },
  ) {}

  /**
   * Registers every enabled schedule, then syncs every `intervalMs`. When the schedules cannot be read yet
   * (database down or migrations pending) it logs and tries again after `retryMs`, so the service still starts
   * and reports not ready.
   */
  async onApplicationBootstrap(retryMs = LOAD_RETRY_MS): Promise<void> {
    if (this.stopped) return;
    let stored: StoredSchedule[];
    try {
      stored = await this.schedules.list();
    } catch (error) {
      this.logger.warn(`cannot load schedules yet (${reason(error)}); retrying`);
      if (this.stopped) return;
      this.retry = setTimeout(() => void this.onApplicationBootstrap(retryMs), retryMs);
      this.retry.unref();
      return;
    }
    for (const schedule of stored) {
      if (!schedule.enabled || this.stopped) continue;
      await this.runner.tick(schedule).catch((error: unknown) => this.logger.error(error));
      this.startJob(schedule);
    }
    if (this.stopped) return;
    this.syncTimer = setInterval(() => void this.sync(), this.options.intervalMs);
    this.syncTimer.unref();
  }

  /** Stops loading and syncing, waiting for a sync under way; the jobs stop at shutdown. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.syncTimer);
    await this.syncing;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.syncTimer);
    for (const name of this.registry.getCronJobs().keys()) {
      if (name.startsWith('schedule:')) this.unregister(name.slice('schedule:'.length));
    }
  }

  /** Starts (or restarts) the schedule's cron job. */
  register(schedule: ScheduleJobDefinition): void {
    this.changedDuringSync?.add(schedule.id);
    this.startJob(schedule);
  }

  /** Stops and forgets the schedule's cron job, if any. */
  unregister(scheduleId: string): void {
    this.changedDuringSync?.add(scheduleId);
    this.stopJob(scheduleId);
  }

  /** Whether the schedule has a running cron job (for tests and health). */
  isRegistered(scheduleId: string): boolean {
    return this.registry.doesExist('cron', jobName(scheduleId));
  }

  /**
   * One sync: brings this replica's jobs in line with the stored schedules, then ticks each added or replaced
   * schedule once, so that an occurrence due while its job was missing here still fires (if the replica that
   * changed it is gone) and none from before its current definition is owed (the runner starts at updatedAt).
   * Never throws: a failed read is logged and the next interval tries again. Concurrent calls share one pass.
   */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return;
    const changed = new Set<string>();
    this.changedDuringSync = changed;
    let stored: ScheduleJobDefinition[];
    try {
      stored = await this.schedules.listJobDefinitions();
    } catch (error) {
      this.logger.warn(`cannot sync schedules (${reason(error)}); trying again in ${this.options.intervalMs} ms`);
      return;
    } finally {
      this.changedDuringSync = undefined;
    }
    if (this.stopped) return;
    const plan = planScheduleSync(this.versions, stored, changed);
    for (const id of plan.remove) this.stopJob(id);
    const started = [...plan.add, ...plan.replace];
    for (const def of started) this.startJob(def);
    if (started.length + plan.remove.length === 0) return;
    this.logger.log(
      `schedules synced: ${plan.add.length} added, ${plan.replace.length} replaced, ${plan.remove.length} removed`,
    );
    for (const def of started) {
      if (this.stopped) return;
      await this.runner.tickById(def.id).catch((error: unknown) => this.logger.error(error));
    }
  }

  private startJob(schedule: ScheduleJobDefinition): void {
    this.stopJob(schedule.id);
    const job = CronJob.from({
      cronTime: schedule.cron,
      timeZone: schedule.timezone,
      onTick: () => {
        this.runner.tickById(schedule.id).catch((error: unknown) => this.logger.error(error));
      },
      start: false,
    });
    this.registry.addCronJob(jobName(schedule.id), job as never);
    this.versions.set(schedule.id, jobVersion(schedule));
    job.start();
  }

  private stopJob(scheduleId: string): void {
    this.versions.delete(scheduleId);
    const name = jobName(scheduleId);
    if (!this.registry.doesExist('cron', name)) return;
    this.registry.getCronJob(name).stop();
    this.registry.deleteCronJob(name);
  }
}

/** The last line of an error's message (Prisma's are long). */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n').pop() ?? '';
}
