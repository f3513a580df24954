import { CronTime } from 'cron';
import type { CronChecker } from '@ringmaster/domain';

/** At most this many occurrences are listed between two instants (a schedule every minute, down for a week). */
export const MAX_OCCURRENCES = 10_000;

/** The domain's CronChecker over the `cron` package: an error message, or undefined for a valid expression. */
export const checkCron: CronChecker = (cron, timezone) => {
  if (cron.trim().split(/\s+/).length !== 5) return 'five fields expected (minute hour day month weekday)';
  try {
    new CronTime(cron, timezone);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

/** The first occurrence strictly after `after` (epoch ms), in the schedule's timezone (DST included). */
export function nextOccurrence(cron: string, timezone: string, after: number): number {
  return new CronTime(cron, timezone).getNextDateFrom(new Date(after), timezone).toMillis();
}

/** Every occurrence in (after, until], ascending, at most MAX_OCCURRENCES (the latest ones). */
export function occurrencesBetween(cron: string, timezone: string, after: number, until: number): number[] {
  const time = new CronTime(cron, timezone);
  const found: number[] = [];
  let at = after;
  for (;;) {
    at = time.getNextDateFrom(new Date(at), timezone).toMillis();
    if (at > until) return found;
    found.push(at);
    if (found.length > MAX_OCCURRENCES) found.shift();
  }
}
