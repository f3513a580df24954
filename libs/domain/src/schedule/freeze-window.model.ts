/** Days of the week as the API spells them (ISO order: Monday first). */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A one-off freeze: from `from` (inclusive) to `to` (exclusive), both ISO-8601 instants with an offset. */
export interface OneOffFreezeWindow {
  kind: 'ONE_OFF';
  from: string;
  to: string;
  reason?: string;
}

/**
 * A weekly freeze in local wall-clock time of an IANA timezone, e.g. FRI 15:00 → MON 08:00 Europe/Berlin.
 * The window may wrap the week's end (start after end).
 */
export interface WeeklyFreezeWindow {
  kind: 'WEEKLY';
  timezone: string;
  startDay: Weekday;
  /** `HH:MM`, 24-hour */
  startTime: string;
  endDay: Weekday;
  endTime: string;
  reason?: string;
}

export type FreezeWindow = OneOffFreezeWindow | WeeklyFreezeWindow;

/** What `isFrozen` answers when an instant is inside a window. `until` is when the freeze ends (epoch ms). */
export interface Freeze {
  until: number;
  reason: string;
}
