import { WEEKDAYS, type Freeze, type FreezeWindow, type WeeklyFreezeWindow } from './freeze-window.model.js';
import { offsetMinutes, wallClock } from './timezone.clock.js';

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;

/**
 * The freeze in force at `at` (epoch ms), or undefined when no window covers it. With overlapping windows the
 * one ending last wins, and a window that starts right where another ends extends it, so `until` is the first
 * instant at which nothing is frozen.
 */
export function isFrozen(windows: readonly FreezeWindow[], at: number): Freeze | undefined {
  let freeze: Freeze | undefined;
  let probe = at;
  // follow chained windows (at most one hop per window)
  for (let hop = 0; hop <= windows.length; hop++) {
    const covering = windows
      .map((w) => freezeAt(w, probe))
      .filter((f): f is Freeze => f !== undefined)
      .sort((a, b) => b.until - a.until)[0];
    if (!covering) break;
    freeze = freeze ? { until: covering.until, reason: freeze.reason } : covering;
    if (covering.until <= probe) break;
    probe = covering.until;
  }
  return freeze;
}

/** The freeze one window imposes at `at`, if any. */
export function freezeAt(window: FreezeWindow, at: number): Freeze | undefined {
  if (window.kind === 'ONE_OFF') {
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    return at >= from && at < to ? { until: to, reason: reasonOf(window) } : undefined;
  }
  return weeklyFreezeAt(window, at);
}

function weeklyFreezeAt(window: WeeklyFreezeWindow, at: number): Freeze | undefined {
  const w = wallClock(window.timezone, at);
  const now = w.weekday * 24 * 60 + w.hour * 60 + w.minute;
  const start = minuteOfWeek(window.startDay, window.startTime);
  const end = minuteOfWeek(window.endDay, window.endTime);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return undefined;
  const minutesLeft = (end - now + WEEK_MINUTES) % WEEK_MINUTES || WEEK_MINUTES;
  const startOfMinute = at - w.second * 1000 - (at % 1000);
  // wall-clock distance to the end, corrected once for an offset change (DST) in between
  const naive = startOfMinute + minutesLeft * MINUTE;
  const shift = offsetMinutes(window.timezone, at) - offsetMinutes(window.timezone, naive);
  return { until: naive + shift * MINUTE, reason: reasonOf(window) };
}

/** Minutes since Monday 00:00 of a weekday and `HH:MM`. */
export function minuteOfWeek(day: (typeof WEEKDAYS)[number], time: string): number {
  const [h, m] = time.split(':').map(Number);
  return WEEKDAYS.indexOf(day) * 24 * 60 + h * 60 + m;
}

function reasonOf(window: FreezeWindow): string {
  if (window.reason) return window.reason;
  if (window.kind === 'ONE_OFF') return `freeze window ${window.from} → ${window.to}`;
  return `weekly freeze ${window.startDay} ${window.startTime} → ${window.endDay} ${window.endTime} ${window.timezone}`;
}
