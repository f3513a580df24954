import { Inject, Injectable, Logger } from '@nestjs/common';
import { planMissedOccurrences } from '@ringmaster/domain';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { occurrencesBetween } from './cron.occurrences.js';
import { OccurrenceRecorder, type OccurrenceOutcome } from './occurrence.recorder.js';
import { ScheduleRepository, type StoredSchedule } from './schedule.repository.js';

/** An occurrence this recent is still due (a tick that ran late, a restart at the firing minute), not missed. */
export const DUE_GRACE_MS = 60_000;

/** One recorded occurrence and what became of it. */
export interface TickResult {
  occurrenceAt: number;
  result: OccurrenceOutcome;
}

/**
 * What cron triggers, and what runs at start: records every occurrence of a schedule that is due and not yet
 * recorded. Occurrences older than DUE_GRACE_MS (downtime) follow the schedule's MissedOccurrencePolicy. The time
 * always comes from the injected clock; cron only says "look now".
 */
@Injectable()
export class ScheduleRunner {
  private readonly logger = new Logger(ScheduleRunner.name);

  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly recorder: OccurrenceRecorder,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  /** Records the schedule's due and missed occurrences up to now; safe to call any number of times. */
  async tick(schedule: StoredSchedule): Promise<TickResult[]> {
    const now = this.clock().getTime();
    const last = await this.schedules.lastOccurrence(schedule.id);
    // occurrences before the schedule existed, or before its current cron and timezone were stored, are never owed
    const after = Math.max(last ?? 0, schedule.createdAt.getTime() - 1, schedule.updatedAt.getTime() - 1);
    const all = occurrencesBetween(schedule.cron, schedule.timezone, after, now);
    const due = all.filter((at) => at > now - DUE_GRACE_MS);
    const missed = all.filter((at) => at <= now - DUE_GRACE_MS);
    const plan = planMissedOccurrences(missed, schedule.missedPolicy);
    const results: TickResult[] = [];
    for (const at of plan.skip)
      results.push({ occurrenceAt: at, result: await this.recorder.record(schedule, at, now, true) });
    const decided = due.length > 0 ? due : plan.catchUp !== undefined ? [plan.catchUp] : [];
    if (due.length > 0 && plan.catchUp !== undefined) {
      // a due occurrence supersedes the catch-up: record it as missed
      results.push({
        occurrenceAt: plan.catchUp,
        result: await this.recorder.record(schedule, plan.catchUp, now, true),
      });
    }
    for (const at of decided) results.push({ occurrenceAt: at, result: await this.recorder.record(schedule, at, now) });
    for (const { occurrenceAt, result } of results) {
      if (result.outcome !== 'DUPLICATE') {
        this.logger.log(`schedule ${schedule.name} ${new Date(occurrenceAt).toISOString()}: ${result.outcome}`);
      }
    }
    return results;
  }

  /** Ticks the schedule with this id, if it still exists and is enabled. */
  async tickById(id: string): Promise<TickResult[]> {
    const schedule = await this.schedules.findById(id);
    return schedule?.enabled ? this.tick(schedule) : [];
  }
}
