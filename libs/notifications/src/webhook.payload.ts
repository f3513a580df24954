import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NotificationEvent } from './notification.event.js';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` keyed with the subscription secret. */
export const SIGNATURE_HEADER = 'X-Ringmaster-Signature';
/** Header carrying the event id, for de-duplication by the receiver (delivery is at least once). */
export const EVENT_ID_HEADER = 'X-Ringmaster-Event-Id';

/**
 * The webhook JSON body of shared/API.md: `{id, type, occurredAt, train, ring?, environment?, attribution?, message}`,
 * then, where known, `counts` (targets by state, as `targetCounts`) and, for a halt, `attributions` (all of them).
 */
export function webhookBody(event: NotificationEvent): string {
  const body: Record<string, unknown> = {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    train: event.train,
  };
  if (event.ring !== undefined) body['ring'] = event.ring;
  if (event.environment !== undefined) body['environment'] = event.environment;
  if (event.attribution !== undefined) body['attribution'] = event.attribution;
  body['message'] = event.message;
  if (event.counts !== undefined) body['counts'] = event.counts;
  if (event.attributions !== undefined) body['attributions'] = event.attributions;
  return JSON.stringify(body);
}

/** `sha256=<hex>` of the body, keyed with the secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Constant-time check of a signature header against a body (what a receiver does). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Headers of a webhook delivery; the signature only when the subscription has a secret. */
export function webhookHeaders(event: NotificationEvent, body: string, secret: string | null): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', [EVENT_ID_HEADER]: event.id };
  if (secret !== null && secret !== '') headers[SIGNATURE_HEADER] = signBody(secret, body);
  return headers;
}
