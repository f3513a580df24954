import type { NotificationAttribution, NotificationEvent } from '@ringmaster/notifications';
import type { NotificationContext } from './notification-context.reader.js';

/** An Event row as the outbox claims it, with its train. */
export interface EventRow {
  readonly id: string;
  readonly type: string;
  readonly trainId: string | null;
  readonly ring: string | null;
  readonly environment: string | null;
  readonly message: string;
  readonly payload: unknown;
  readonly occurredAt: Date;
  readonly train: {
    readonly id: string;
    readonly status: string;
    readonly planSnapshot: unknown;
    readonly release: { readonly version: string };
    readonly ringPlan: { readonly name: string };
  } | null;
}

/** The train's ring names by position, from its plan snapshot. */
export function ringNamesOf(train: EventRow['train']): string[] {
  const rings = (train?.planSnapshot as { rings?: { name?: unknown }[] } | null)?.rings;
  return Array.isArray(rings) ? rings.map((r) => String(r.name)) : [];
}

/**
 * The judgement an event carries itself: ATTRIBUTED holds it at the top of its payload (cause, confidence,
 * evidence, signature); other writers may put it under `attribution`.
 */
function ownAttribution(row: EventRow): NotificationAttribution | undefined {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const a = (payload['attribution'] ?? payload) as Record<string, unknown>;
  if (typeof a['cause'] !== 'string') return undefined;
  return {
    cause: a['cause'],
    ...(typeof a['confidence'] === 'number' ? { confidence: a['confidence'] } : {}),
    evidence: Array.isArray(a['evidence']) ? a['evidence'].filter((e): e is string => typeof e === 'string') : [],
    ...(row.environment !== null ? { environment: row.environment } : {}),
    ...(row.ring !== null ? { ring: row.ring } : {}),
    ...(typeof a['signature'] === 'string' ? { signature: a['signature'] } : {}),
  };
}

/**
 * The notification of an Event row: the row's facts, the judgement it carries (else the stored one that explains
 * it), for a halt every budget-consuming judgement, and the targets by state.
 */
export function notificationEvent(row: EventRow, context: NotificationContext): NotificationEvent {
  const attribution = ownAttribution(row) ?? context.attributions[0];
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt,
    train: row.train
      ? {
          id: row.train.id,
          releaseVersion: row.train.release.version,
          ringPlan: row.train.ringPlan.name,
          status: row.train.status,
        }
      : row.trainId
        ? { id: row.trainId }
        : null,
    ...(row.ring !== null ? { ring: row.ring } : {}),
    ...(row.environment !== null ? { environment: row.environment } : {}),
    ...(attribution ? { attribution } : {}),
    ...(row.type === 'TRAIN_HALTED' && context.attributions.length > 0 ? { attributions: context.attributions } : {}),
    ...(context.counts ? { counts: context.counts } : {}),
    message: row.message,
  };
}
