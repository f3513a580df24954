import { countsTowardBudget, type Cause } from '@ringmaster/domain';
import type { NotificationAttribution } from './notification.event.js';

/** One stored judgement of a target's failure, with the target's current cause, as the notifier reads it. */
export interface AttributionFact {
  readonly environment: string;
  readonly ring: string;
  readonly cause: string;
  readonly confidence: number;
  readonly evidence: readonly string[];
  readonly signature?: string;
  readonly overriddenBy?: string;
  /** the cause the train acts on now (a TRANSIENT failure out of retries is UNKNOWN); undefined while judging */
  readonly targetCause?: string;
  /** epoch ms */
  readonly createdAt: number;
}

/** The event facts the choice depends on. */
export interface AttributedEvent {
  readonly type: string;
  readonly ring?: string;
  readonly environment?: string;
  /** epoch ms */
  readonly occurredAt: number;
}

/** A halt lists at most this many attributions (a webhook body stays bounded; Slack shows fewer). */
export const MAX_HALT_ATTRIBUTIONS = 20;

/** Events about one target, explained by that target's latest judgement. */
const TARGET_EVENTS = new Set(['TARGET_FAILED', 'ATTRIBUTED', 'TARGET_EXCLUDED']);

const CAUSE_RANK: Record<string, number> = { RELEASE: 0, UNKNOWN: 1 };

function latestPerEnvironment(facts: readonly AttributionFact[]): AttributionFact[] {
  const latest = new Map<string, AttributionFact>();
  for (const f of facts) {
    const seen = latest.get(f.environment);
    if (!seen || f.createdAt > seen.createdAt) latest.set(f.environment, f);
  }
  return [...latest.values()];
}

function toNotification(f: AttributionFact): NotificationAttribution {
  return {
    cause: f.cause,
    confidence: f.confidence,
    evidence: [...f.evidence],
    environment: f.environment,
    ring: f.ring,
    ...(f.signature !== undefined ? { signature: f.signature } : {}),
    ...(f.overriddenBy !== undefined ? { overriddenBy: f.overriddenBy } : {}),
  };
}

/**
 * The attributions that explain an event, most telling first, from the judgements stored for its train:
 * - a target event (TARGET_FAILED, ATTRIBUTED, TARGET_EXCLUDED): the target's latest judgement — for
 *   TARGET_FAILED only one made at or after the failure (an older one judged an earlier failure);
 * - TRAIN_HALTED: every target of the halted ring (all rings when the halt names none) whose current cause
 *   consumes the failure budget, RELEASE before UNKNOWN, then by confidence; at most MAX_HALT_ATTRIBUTIONS;
 * - any other event: none.
 */
export function attributionsFor(event: AttributedEvent, facts: readonly AttributionFact[]): NotificationAttribution[] {
  if (TARGET_EVENTS.has(event.type)) {
    if (event.environment === undefined) return [];
    const own = facts.filter(
      (f) => f.environment === event.environment && (event.type !== 'TARGET_FAILED' || f.createdAt >= event.occurredAt),
    );
    return latestPerEnvironment(own).map(toNotification);
  }
  if (event.type !== 'TRAIN_HALTED') return [];
  return latestPerEnvironment(facts.filter((f) => event.ring === undefined || f.ring === event.ring))
    .filter((f) => countsTowardBudget((f.targetCause ?? f.cause) as Cause))
    .sort(
      (a, b) =>
        (CAUSE_RANK[a.targetCause ?? a.cause] ?? 2) - (CAUSE_RANK[b.targetCause ?? b.cause] ?? 2) ||
        b.confidence - a.confidence ||
        a.environment.localeCompare(b.environment),
    )
    .slice(0, MAX_HALT_ATTRIBUTIONS)
    .map(toNotification);
}
