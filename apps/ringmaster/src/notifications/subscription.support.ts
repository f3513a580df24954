import { EVENT_TYPES } from '@ringmaster/domain';

export { badUserInput, notFound } from '@ringmaster/domain';

/** The event types a subscription may name: every event the engine and the scheduler emit. */
export const NOTIFICATION_EVENT_TYPES: readonly string[] = EVENT_TYPES;
