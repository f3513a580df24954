// The enums of the interface contract (API.md, "Core types"), as string-literal unions with their values in order.
// GraphQL registers them from these arrays; Prisma's enums carry the same names.

/** A train's lifecycle (DESIGN.md, "Lifecycles"). */
export const TRAIN_STATUSES = [
  'SCHEDULED',
  'RUNNING',
  'AWAITING_APPROVAL',
  'HALTED',
  'ROLLING_BACK',
  'ROLLED_BACK',
  'COMPLETED',
  'CANCELLED',
] as const;
export type TrainStatus = (typeof TRAIN_STATUSES)[number];

/** Train statuses from which nothing moves any more. */
export const TERMINAL_TRAIN_STATUSES: readonly TrainStatus[] = ['ROLLED_BACK', 'COMPLETED', 'CANCELLED'];

/** A ring run's (train × ring) lifecycle. */
export const RING_RUN_STATUSES = [
  'PENDING',
  'DEPLOYING',
  'BAKING',
  'AWAITING_APPROVAL',
  'PASSED',
  'FAILED',
  'ROLLING_BACK',
  'ROLLED_BACK',
] as const;
export type RingRunStatus = (typeof RING_RUN_STATUSES)[number];

/** A target's (train × environment) lifecycle. */
export const TARGET_STATUSES = [
  'PENDING',
  'DEPLOYING',
  'HEALTHY',
  'FAILED',
  'RETRYING',
  'EXCLUDED',
  'ROLLED_BACK',
  'ROLLBACK_UNSAFE',
] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** The judged cause of a target's failure. */
export const CAUSES = ['RELEASE', 'CUSTOMER_CODE', 'TRANSIENT', 'UNKNOWN'] as const;
export type Cause = (typeof CAUSES)[number];

/** Ring kinds: conventions for the stages of exposure. */
export const RING_KINDS = ['INTERNAL', 'REGION', 'COHORT', 'ALL'] as const;
export type RingKind = (typeof RING_KINDS)[number];

/** How a ring may start: on its own, or after a release manager's approval. */
export const GATES = ['AUTO', 'MANUAL'] as const;
export type Gate = (typeof GATES)[number];

/**
 * Event types (API.md, "Events"). The contract's names first; TRAIN_PAUSED, TRAIN_RESUMED and TARGET_RETRYING
 * are additions (the contract allows adding).
 */
export const EVENT_TYPES = [
  'TRAIN_CREATED',
  'TRAIN_STARTED',
  'RING_STARTED',
  'RING_BAKING',
  'RING_PASSED',
  'RING_AWAITING_APPROVAL',
  'RING_APPROVED',
  'TARGET_FAILED',
  'TARGET_EXCLUDED',
  'ATTRIBUTED',
  'TRAIN_HALTED',
  'ROLLBACK_STARTED',
  'TARGET_ROLLED_BACK',
  'ROLLBACK_UNSAFE',
  'TRAIN_ROLLED_BACK',
  'TRAIN_COMPLETED',
  'TRAIN_CANCELLED',
  'SCHEDULE_FIRED',
  'SCHEDULE_SKIPPED',
  'TRAIN_PAUSED',
  'TRAIN_RESUMED',
  'TARGET_RETRYING',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Type guard for a value of one of the const arrays above, e.g. `isOneOf(CAUSES, input)`. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
