import { matchesSubscription, subscriptionFilter, type NotificationEvent } from '@ringmaster/notifications';
import type { PrismaClient } from '@ringmaster/persistence';
import { NotificationContextReader } from './notification-context.reader.js';
import { notificationEvent, ringNamesOf } from './notification-event.builder.js';

const ts = (d: Date): string => d.toISOString();

/** A claimed message with what sending needs. */
export interface ClaimedMessage {
  readonly id: string;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly subscription: { id: string; kind: 'SLACK' | 'WEBHOOK'; url: string; secretEncrypted: string | null };
  readonly event: NotificationEvent;
}

/** How one attempt ended, as the worker records it. */
export type AttemptRecord =
  | { readonly kind: 'delivered'; readonly at: Date }
  | { readonly kind: 'retry'; readonly at: Date; readonly nextAttemptAt: Date; readonly error: string }
  | { readonly kind: 'dead'; readonly at: Date; readonly error: string };

/**
 * The Event table is the outbox: `dispatch` fans undispatched events out to OutboxMessages in one transaction
 * (rows locked FOR UPDATE SKIP LOCKED, so two dispatchers never fan out the same event); `claim` leases due
 * messages to one worker (SKIP LOCKED plus lockedBy/lockedUntil); `record` writes an attempt's outcome only
 * while the lease is still this worker's. A claimed message's event is enriched when it is sent (targets by state,
 * the attributions that explain it), so every attempt shows the train as it is.
 */
export class OutboxRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly context = new NotificationContextReader(prisma),
  ) {}

  /** Fans out up to `limit` undispatched events, oldest first. Returns how many events and messages. */
  async dispatch(now: Date, limit: number): Promise<{ events: number; messages: number }> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ seq: bigint }[]>`
        SELECT "seq" FROM "Event" WHERE "dispatchedAt" IS NULL ORDER BY "seq" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return { events: 0, messages: 0 };
      const seqs = locked.map((r) => r.seq);
      const events = await tx.event.findMany({
        where: { seq: { in: seqs } },
        select: { seq: true, type: true, trainId: true, train: { select: { ringPlan: { select: { name: true } } } } },
      });
      const subscriptions = await tx.notificationSubscription.findMany({ where: { enabled: true } });
      const filters = subscriptions.map((s) => ({ id: s.id, filter: subscriptionFilter(s.events, s.filter) }));
      const rows = events.flatMap((e) =>
        filters
          .filter((s) =>
            matchesSubscription(s.filter, {
              type: e.type,
              trainId: e.trainId,
              ringPlan: e.train?.ringPlan.name ?? null,
            }),
          )
          .map((s) => ({ eventSeq: e.seq, subscriptionId: s.id, nextAttemptAt: now, createdAt: now })),
      );
      if (rows.length > 0) await tx.outboxMessage.createMany({ data: rows, skipDuplicates: true });
      await tx.event.updateMany({ where: { seq: { in: seqs } }, data: { dispatchedAt: now } });
      return { events: seqs.length, messages: rows.length };
    });
  }

  /** Leases up to `limit` due PENDING messages to `worker` until `lockedUntil`; expired leases are taken over. */
  async claim(worker: string, now: Date, lockedUntil: Date, limit: number): Promise<ClaimedMessage[]> {
    const ids = await this.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "OutboxMessage"
        WHERE "status" = 'PENDING' AND "nextAttemptAt" <= CAST(${ts(now)} AS timestamp(3))
          AND ("lockedUntil" IS NULL OR "lockedUntil" < CAST(${ts(now)} AS timestamp(3)))
        ORDER BY "nextAttemptAt", "eventSeq" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (due.length === 0) return [];
      const list = due.map((d) => d.id);
      await tx.outboxMessage.updateMany({ where: { id: { in: list } }, data: { lockedBy: worker, lockedUntil } });
      return list;
    });
    if (ids.length === 0) return [];
    const rows = await this.prisma.outboxMessage.findMany({
      where: { id: { in: ids }, lockedBy: worker },
      include: {
        subscription: true,
        event: {
          include: {
            train: { include: { release: { select: { version: true } }, ringPlan: { select: { name: true } } } },
          },
        },
      },
    });
    const contexts = await this.context.read(rows.map((m) => ({ ...m.event, ringNames: ringNamesOf(m.event.train) })));
    return rows.map((m, i) => ({
      id: m.id,
      attempts: m.attempts,
      createdAt: m.createdAt,
      subscription: {
        id: m.subscription.id,
        kind: m.subscription.kind,
        url: m.subscription.url,
        secretEncrypted: m.subscription.secretEncrypted,
      },
      event: notificationEvent(m.event, contexts[i]!),
    }));
  }

  /** Records an attempt's outcome; false when the lease was lost (another worker took over: nothing written). */
  async record(worker: string, id: string, outcome: AttemptRecord): Promise<boolean> {
    const base = { attempts: { increment: 1 }, lockedBy: null, lockedUntil: null };
    const data =
      outcome.kind === 'delivered'
        ? { ...base, status: 'DELIVERED' as const, deliveredAt: outcome.at, lastError: null }
        : outcome.kind === 'retry'
          ? { ...base, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error }
          : { ...base, status: 'DEAD' as const, lastError: outcome.error };
    const updated = await this.prisma.outboxMessage.updateMany({
      where: { id, lockedBy: worker, status: 'PENDING' },
      data,
    });
    return updated.count === 1;
  }
}
