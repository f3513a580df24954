/**
 * Wall-clock arithmetic in IANA timezones over the standard Intl API (no I/O, no dependency).
 * Offsets are computed per instant, so daylight-saving transitions are honoured.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** True when the runtime knows this IANA timezone name. */
export function isKnownTimezone(timezone: string): boolean {
  if (!timezone || timezone.trim() !== timezone) return false;
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

/** Local wall-clock fields of an instant in a timezone; `weekday` is 0 = Monday … 6 = Sunday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall clock of `at` (epoch ms) in `timezone`. */
export function wallClock(timezone: string, at: number): WallClock {
  const parts = Object.fromEntries(
    formatter(timezone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAY_INDEX[parts.weekday],
  };
}

/** The timezone's offset from UTC at instant `at`, in minutes (Berlin in summer: +120). */
export function offsetMinutes(timezone: string, at: number): number {
  const w = wallClock(timezone, at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}
