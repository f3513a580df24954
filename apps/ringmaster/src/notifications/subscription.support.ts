export { badUserInput, notFound } from '@ringmaster/domain';

/** The event types of shared/API.md a subscription may name. */
export const NOTIFICATION_EVENT_TYPES: readonly string[] = [
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
];
