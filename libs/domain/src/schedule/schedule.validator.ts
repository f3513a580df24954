import { badUserInputs, type InputIssue } from '../common/domain.errors.js';
import { WEEKDAYS, type FreezeWindow, type Weekday } from './freeze-window.model.js';
import { isKnownTimezone } from './timezone.clock.js';

/** How a missed occurrence (the service was down when it was due) is handled at start. */
export const MISSED_OCCURRENCE_POLICIES = ['SKIP', 'CATCH_UP_ONCE'] as const;
export type MissedOccurrencePolicy = (typeof MISSED_OCCURRENCE_POLICIES)[number];

/** A schedule as it comes from the API. Freeze windows arrive as loosely typed objects and are checked here. */
export interface ScheduleInput {
  name: string;
  cron: string;
  timezone: string;
  ringPlan: string;
  releaseSelector: string;
  freezeWindows?: readonly Record<string, unknown>[];
  missedPolicy?: string;
}

/** A validated schedule definition. */
export interface ScheduleDefinition {
  name: string;
  cron: string;
  timezone: string;
  ringPlan: string;
  releaseSelector: string;
  freezeWindows: FreezeWindow[];
  missedPolicy: MissedOccurrencePolicy;
}

/** Checks a cron expression at the edge (the domain parses no cron): an error message, or undefined when valid. */
export type CronChecker = (cron: string, timezone: string) => string | undefined;

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SELECTOR = /^[A-Za-z0-9._*+-]{1,128}$/;

/** Validates a schedule; every problem in one BAD_USER_INPUT with field paths (`freezeWindows[1].to`). */
export function validateSchedule(input: ScheduleInput, checkCron: CronChecker): ScheduleDefinition {
  const issues: InputIssue[] = [];
  if (!NAME.test(input.name)) issues.push({ field: 'name', message: 'letters, digits, ".", "_", "-" (max 63)' });
  const timezoneOk = isKnownTimezone(input.timezone);
  if (!timezoneOk) issues.push({ field: 'timezone', message: `unknown timezone "${input.timezone}"` });
  const cronProblem = checkCron(input.cron, timezoneOk ? input.timezone : 'UTC');
  if (cronProblem) issues.push({ field: 'cron', message: `invalid cron "${input.cron}": ${cronProblem}` });
  if (!input.ringPlan) issues.push({ field: 'ringPlan', message: 'required' });
  if (!SELECTOR.test(input.releaseSelector)) {
    issues.push({ field: 'releaseSelector', message: 'a version pattern like "2026.*"' });
  }
  const policy = input.missedPolicy ?? 'SKIP';
  if (!(MISSED_OCCURRENCE_POLICIES as readonly string[]).includes(policy)) {
    issues.push({ field: 'missedPolicy', message: `one of ${MISSED_OCCURRENCE_POLICIES.join(', ')}` });
  }
  const freezeWindows = (input.freezeWindows ?? []).map((w, i) => validateWindow(w, `freezeWindows[${i}]`, issues));
  if (issues.length > 0) throw badUserInputs(issues);
  return {
    name: input.name,
    cron: input.cron,
    timezone: input.timezone,
    ringPlan: input.ringPlan,
    releaseSelector: input.releaseSelector,
    freezeWindows: freezeWindows as FreezeWindow[],
    missedPolicy: policy as MissedOccurrencePolicy,
  };
}

/** Validates freeze windows alone (e.g. a ring plan's); BAD_USER_INPUT on any problem. */
export function validateFreezeWindows(windows: readonly Record<string, unknown>[], field = 'freezeWindows') {
  const issues: InputIssue[] = [];
  const valid = windows.map((w, i) => validateWindow(w, `${field}[${i}]`, issues));
  if (issues.length > 0) throw badUserInputs(issues);
  return valid as FreezeWindow[];
}

function validateWindow(raw: Record<string, unknown>, field: string, issues: InputIssue[]): FreezeWindow | undefined {
  const reason = typeof raw.reason === 'string' && raw.reason ? raw.reason : undefined;
  const before = issues.length;
  if (raw.kind === 'ONE_OFF') {
    const from = isoInstant(raw.from);
    const to = isoInstant(raw.to);
    if (from === undefined) issues.push({ field: `${field}.from`, message: 'an ISO-8601 instant with offset' });
    if (to === undefined) issues.push({ field: `${field}.to`, message: 'an ISO-8601 instant with offset' });
    if (from !== undefined && to !== undefined && to <= from) {
      issues.push({ field: `${field}.to`, message: 'must be after from' });
    }
    return issues.length > before ? undefined : { kind: 'ONE_OFF', from: String(raw.from), to: String(raw.to), reason };
  }
  if (raw.kind === 'WEEKLY') {
    const tz = raw.timezone;
    if (typeof tz !== 'string' || !isKnownTimezone(tz)) {
      issues.push({ field: `${field}.timezone`, message: `unknown timezone "${String(tz)}"` });
    }
    for (const key of ['startDay', 'endDay'] as const) {
      if (!(WEEKDAYS as readonly unknown[]).includes(raw[key])) {
        issues.push({ field: `${field}.${key}`, message: `one of ${WEEKDAYS.join(', ')}` });
      }
    }
    for (const key of ['startTime', 'endTime'] as const) {
      if (typeof raw[key] !== 'string' || !TIME.test(raw[key] as string)) {
        issues.push({ field: `${field}.${key}`, message: 'HH:MM, 24-hour' });
      }
    }
    if (issues.length === before && raw.startDay === raw.endDay && raw.startTime === raw.endTime) {
      issues.push({ field: `${field}.endTime`, message: 'an empty window: start equals end' });
    }
    if (issues.length > before) return undefined;
    return {
      kind: 'WEEKLY',
      timezone: tz as string,
      startDay: raw.startDay as Weekday,
      startTime: raw.startTime as string,
      endDay: raw.endDay as Weekday,
      endTime: raw.endTime as string,
      reason,
    };
  }
  issues.push({ field: `${field}.kind`, message: 'ONE_OFF or WEEKLY' });
  return undefined;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isoInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
