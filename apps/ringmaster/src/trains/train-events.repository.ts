import { Inject, Injectable } from '@nestjs/common';
import type { EventType } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';
import { encodeCursor } from '../graphql/connection.paging.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { ms } from './sql.fragments.js';
import type { TrainEvent } from './train-event.model.js';

/** A stored event with its position (Event.seq, as a decimal string: it is a BIGINT). */
export interface StoredEvent {
  seq: string;
  event: TrainEvent;
}

/** One train's page of events, oldest first, and how many it has in all. */
export interface EventPage {
  rows: StoredEvent[];
  totalCount: number;
}

interface EventRow {
  seq: string;
  id: string;
  type: EventType;
  trainId: string | null;
  ring: string | null;
  environment: string | null;
  message: string;
  occurredAt: number;
}

const EVENT_COLUMNS = `e."seq"::text AS "seq", e."id", e."type", e."trainId", e."ring", e."environment", e."message",
  ${ms('e."occurredAt"', 'occurredAt')}`;

// per train of the batch: its number of events and a page of them after seq $2 ($3 rows)
const EVENT_PAGES_SQL = `
SELECT k."trainId",
  (SELECT count(*)::int FROM "Event" e WHERE e."trainId" = k."trainId") AS "total",
  COALESCE((
    SELECT jsonb_agg(p ORDER BY p."seq"::bigint) FROM (
      SELECT ${EVENT_COLUMNS} FROM "Event" e
      WHERE e."trainId" = k."trainId" AND e."seq" > $2::bigint
      ORDER BY e."seq" LIMIT $3::int
    ) p
  ), '[]'::jsonb) AS "rows"
FROM unnest($1::text[]) AS k("trainId")`;

// the events of several trains, each after its own cursor ($1: [{trainId, after}]), $2 rows per train at most
const EVENTS_AFTER_SQL = `
SELECT ${EVENT_COLUMNS}
FROM jsonb_to_recordset($1::jsonb) AS k("trainId" text, "after" bigint)
CROSS JOIN LATERAL (
  SELECT * FROM "Event" x WHERE x."trainId" = k."trainId" AND x."seq" > k."after" ORDER BY x."seq" LIMIT $2::int
) e
ORDER BY e."seq"`;

/** A train's events from the Event table, where the engine (on whichever replica) writes them. */
@Injectable()
export class TrainEventsRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** A page of events of each train after `afterSeq` (`'0'` = from the first); one statement. */
  async pages(trainIds: readonly string[], afterSeq: string, take: number): Promise<Map<string, EventPage>> {
    const rows = await this.prisma.$queryRawUnsafe<{ trainId: string; total: number; rows: EventRow[] }[]>(
      EVENT_PAGES_SQL,
      [...trainIds],
      afterSeq,
      take,
    );
    return new Map(rows.map((r) => [r.trainId, { totalCount: r.total, rows: r.rows.map(toStored) }]));
  }

  /** Events of each train after its cursor, in seq order, at most `limit` per train; one statement. */
  async after(cursors: readonly { trainId: string; after: string }[], limit: number): Promise<StoredEvent[]> {
    if (cursors.length === 0) return [];
    const rows = await this.prisma.$queryRawUnsafe<EventRow[]>(EVENTS_AFTER_SQL, JSON.stringify(cursors), limit);
    return rows.map(toStored);
  }

  /** The seq of the train's latest event (`'0'` when it has none). */
  async head(trainId: string): Promise<string> {
    const [row] = await this.prisma.$queryRawUnsafe<{ seq: string }[]>(
      `SELECT COALESCE(max("seq"), 0)::text AS "seq" FROM "Event" WHERE "trainId" = $1`,
      trainId,
    );
    return row.seq;
  }
}

function toStored(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    event: {
      id: row.id,
      type: row.type,
      trainId: row.trainId,
      ring: row.ring,
      environment: row.environment,
      message: row.message,
      occurredAt: new Date(row.occurredAt),
      cursor: encodeCursor(row.seq),
    },
  };
}
