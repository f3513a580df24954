/** Attribution attached to an event (a failed target or a halt): the class, the confidence and one sentence per signal. */
export interface NotificationAttribution {
  readonly cause: string;
  readonly confidence?: number;
  readonly evidence: readonly string[];
}

/** The train an event belongs to, as a notification shows it. */
export interface NotificationTrain {
  readonly id: string;
  readonly releaseVersion?: string;
  readonly ringPlan?: string;
  readonly status?: string;
}

/** Counts of targets, shown in Slack messages when known. */
export interface NotificationCounts {
  readonly total?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly inFlight?: number;
}

/**
 * One event as it is fanned out to subscribers. Built from an Event row by the dispatcher; `id` is the Event's id
 * (stable across retries, the receiver's de-duplication key).
 */
export interface NotificationEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly train: NotificationTrain | null;
  readonly ring?: string;
  readonly environment?: string;
  readonly attribution?: NotificationAttribution;
  readonly counts?: NotificationCounts;
  readonly message: string;
}

/** How loud an event is: subscriptions may ask for a minimum severity. */
export type NotificationSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

const SEVERITY_RANK: Record<NotificationSeverity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

const CRITICAL = new Set(['TRAIN_HALTED', 'ROLLBACK_UNSAFE', 'ROLLBACK_STARTED']);
const WARNING = new Set([
  'RING_AWAITING_APPROVAL',
  'TARGET_FAILED',
  'TARGET_EXCLUDED',
  'ATTRIBUTED',
  'TRAIN_ROLLED_BACK',
  'TRAIN_CANCELLED',
  'SCHEDULE_SKIPPED',
]);

/** The severity of an event type (unknown types are INFO). */
export function severityOf(type: string): NotificationSeverity {
  if (CRITICAL.has(type)) return 'CRITICAL';
  if (WARNING.has(type)) return 'WARNING';
  return 'INFO';
}

/** True when `severity` is at least `minimum`. */
export function severityAtLeast(severity: NotificationSeverity, minimum: NotificationSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}

/** Parses a severity name; null when it is not one. */
export function parseSeverity(value: unknown): NotificationSeverity | null {
  return value === 'INFO' || value === 'WARNING' || value === 'CRITICAL' ? value : null;
}
