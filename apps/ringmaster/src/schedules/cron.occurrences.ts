import { CronTime } from 'cron';
import type { CronChecker } from '@ringmaster/domain';

/** At most this many occurrences are listed between two instants (a schedule every minute, down for a week). */
export const MAX_OCCURRENCES = 10_000;

/**
 * Any instant serves to ask whether an expression ever fires: five fields repeat within eight years (29 February
 * included), which is as far as the `cron` package looks.
 */
const REFERENCE_INSTANT = new Date('2026-01-01T00:00:00Z');

/**
 * The domain's CronChecker over the `cron` package: an error message, or undefined for a valid expression. An
 * expression that parses but names no real day (`0 9 31 2 *`) is refused too: it would never fire.
 */
export const checkCron: CronChecker = (cron, timezone) => {
  if (cron.trim().split(/\s+/).length !== 5) return 'five fields expected (minute hour day month weekday)';
  let time: CronTime;
  try {
    time = new CronTime(cron, timezone);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    time.getNextDateFrom(REFERENCE_INSTANT, timezone);
    return undefined;
  } catch {
    return 'it never fires (no such day in any year)';
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
