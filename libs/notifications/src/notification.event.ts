/**
 * Attribution attached to an event (a failed target or a halt): the class, the confidence and one sentence per
 * signal, and the target it judged when known.
 */
export interface NotificationAttribution {
  readonly cause: string;
  readonly confidence?: number;
  readonly evidence: readonly string[];
  readonly environment?: string;
  readonly ring?: string;
  readonly signature?: string;
  /** who overrode the judged cause, when a release manager did */
  readonly overriddenBy?: string;
}

/** The train an event belongs to, as a notification shows it. */
export interface NotificationTrain {
  readonly id: string;
  readonly releaseVersion?: string;
  readonly ringPlan?: string;
  readonly status?: string;
}

/**
 * Targets by state, bucketed as API.md's `targetCounts` (failed includes RETRYING and ROLLBACK_UNSAFE): of the
 * event's ring (`scope` ring), or of the whole train for an event of no ring.
 */
export interface NotificationCounts {
  readonly scope: 'ring' | 'train';
  readonly total: number;
  readonly pending: number;
  readonly deploying: number;
  readonly healthy: number;
  readonly failed: number;
  readonly excluded: number;
  readonly rolledBack: number;
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
  /** the attribution that explains the event: the target's judgement, or the leading one behind a halt */
  readonly attribution?: NotificationAttribution;
  /** for a halt: every budget-consuming attribution of the ring, leading one first */
  readonly attributions?: readonly NotificationAttribution[];
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
