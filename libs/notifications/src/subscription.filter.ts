import { parseSeverity, severityAtLeast, severityOf, type NotificationSeverity } from './notification.event.js';

/** What a subscription listens to. Empty lists mean "all". */
export interface SubscriptionFilter {
  readonly events: readonly string[];
  readonly trains: readonly string[];
  readonly ringPlans: readonly string[];
  readonly minSeverity: NotificationSeverity;
}

/** The facts of an event a filter looks at. */
export interface FilterableEvent {
  readonly type: string;
  readonly trainId: string | null;
  readonly ringPlan: string | null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Builds a filter from the stored `events` column and the `filter` JSON (`{trains?, ringPlans?, minSeverity?}`). */
export function subscriptionFilter(events: readonly string[], filter: unknown): SubscriptionFilter {
  const f = (filter ?? {}) as Record<string, unknown>;
  return {
    events: [...events],
    trains: strings(f['trains']),
    ringPlans: strings(f['ringPlans']),
    minSeverity: parseSeverity(f['minSeverity']) ?? 'INFO',
  };
}

/** True when the subscription wants the event. */
export function matchesSubscription(filter: SubscriptionFilter, event: FilterableEvent): boolean {
  if (filter.events.length > 0 && !filter.events.includes(event.type)) return false;
  if (filter.trains.length > 0 && (event.trainId === null || !filter.trains.includes(event.trainId))) return false;
  if (filter.ringPlans.length > 0 && (event.ringPlan === null || !filter.ringPlans.includes(event.ringPlan))) {
    return false;
  }
  return severityAtLeast(severityOf(event.type), filter.minSeverity);
}
