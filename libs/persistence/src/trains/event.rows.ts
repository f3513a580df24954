import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@ringmaster/domain';
import { ts } from './train.rows.js';

/**
 * Appends events in their order (`seq` follows it: the cursor of event connections and the order of delivery).
 * `$1..$8` are the column arrays of `eventColumns`. One statement whatever the count: a rollback's pass that records
 * 13,200 TARGET_ROLLED_BACK events cost seconds of CPU through `createMany`, whose query Prisma compiles per row.
 */
export const INSERT_EVENTS_SQL = `
INSERT INTO "Event" ("id", "type", "trainId", "ring", "environment", "message", "payload", "occurredAt")
SELECT v."id", v."type", v."trainId", v."ring", v."environment", v."message", v."payload", ${ts('v."occurredAt"')}
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::float8[])
  WITH ORDINALITY AS v("id", "type", "trainId", "ring", "environment", "message", "payload", "occurredAt", "n")
ORDER BY v."n"`;

/** `INSERT_EVENTS_SQL`'s parameters: one array per column, each event with a new id. */
export function eventColumns(events: readonly DomainEvent[]): unknown[][] {
  return [
    events.map(() => randomUUID()),
    events.map((e) => e.type),
    events.map((e) => e.trainId),
    events.map((e) => e.ring ?? null),
    events.map((e) => e.environment ?? null),
    events.map((e) => e.message),
    events.map((e) => JSON.stringify(e.payload ?? {})),
    events.map((e) => e.occurredAt),
  ];
}
