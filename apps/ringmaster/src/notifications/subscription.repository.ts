import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { encryptSecret } from '@ringmaster/clusters';
import { badUserInput, notFound, NOTIFICATION_EVENT_TYPES } from './subscription.support.js';
import { checkOutboundUrl, parseSeverity, subscriptionFilter } from '@ringmaster/notifications';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type {
  CreateSubscriptionInput,
  DeadLetter,
  NotificationSubscriptionModel,
  SubscriptionKindEnum,
} from './subscription.model.js';

type Row = Awaited<ReturnType<PrismaClient['notificationSubscription']['findFirstOrThrow']>>;

function toModel(row: Row): NotificationSubscriptionModel {
  const f = subscriptionFilter(row.events, row.filter);
  return {
    id: row.id,
    kind: row.kind as SubscriptionKindEnum,
    url: row.url,
    events: f.events.slice(),
    trains: f.trains.slice(),
    ringPlans: f.ringPlans.slice(),
    minSeverity: f.minSeverity,
    hasSecret: row.secretEncrypted !== null,
    enabled: row.enabled,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

const WITH_EVENT = { event: { select: { id: true, type: true } } } as const;

function toDeadLetter(m: Prisma.OutboxMessageGetPayload<{ include: typeof WITH_EVENT }>): DeadLetter {
  return {
    id: m.id,
    subscriptionId: m.subscriptionId,
    eventId: m.event.id,
    eventType: m.event.type,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt,
  };
}

/** The AAD binding a sealed secret to its subscription. */
export const secretAad = (id: string): string => `subscription:${id}`;

/** Subscriptions and dead letters: create (validated, secret sealed), list, delete, redrive. */
@Injectable()
export class SubscriptionRepository {
  constructor(
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
    @Inject(RINGMASTER_CONFIG) private readonly config: RingmasterConfig,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  async list(): Promise<NotificationSubscriptionModel[]> {
    return (await this.prisma.notificationSubscription.findMany({ orderBy: { createdAt: 'asc' } })).map(toModel);
  }

  async create(input: CreateSubscriptionInput, actor: string): Promise<NotificationSubscriptionModel> {
    const n = this.config.notifications;
    const check = await checkOutboundUrl(input.url, { cidrs: n?.allowCidrs ?? [], hosts: n?.allowHosts ?? [] });
    if (!check.ok) throw badUserInput('url', check.message);
    const unknown = input.events.find((e) => !NOTIFICATION_EVENT_TYPES.includes(e));
    if (unknown) throw badUserInput('events', `unknown event type ${unknown}`);
    const minSeverity = input.minSeverity ? parseSeverity(input.minSeverity) : 'INFO';
    if (!minSeverity) throw badUserInput('minSeverity', 'must be INFO, WARNING or CRITICAL');
    if (input.secret && input.kind !== 'WEBHOOK')
      throw badUserInput('secret', 'only WEBHOOK subscriptions have a secret');
    if (input.secret && !this.config.encryptionKey) {
      throw badUserInput('secret', 'RINGMASTER_ENCRYPTION_KEY is not set: secrets cannot be stored');
    }
    const id = randomUUID();
    const row = await this.prisma.notificationSubscription.create({
      data: {
        id,
        kind: input.kind,
        url: input.url,
        events: input.events,
        filter: { trains: input.trains ?? [], ringPlans: input.ringPlans ?? [], minSeverity },
        secretEncrypted: input.secret ? encryptSecret(this.config.encryptionKey!, input.secret, secretAad(id)) : null,
        createdBy: actor,
        createdAt: this.clock(),
      },
    });
    return toModel(row);
  }

  async delete(id: string): Promise<NotificationSubscriptionModel> {
    const row = await this.prisma.notificationSubscription.findUnique({ where: { id } });
    if (!row) throw notFound('subscription', id);
    await this.prisma.notificationSubscription.delete({ where: { id } });
    return toModel(row);
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const rows = await this.prisma.outboxMessage.findMany({
      where: { status: 'DEAD' },
      orderBy: { createdAt: 'asc' },
      include: WITH_EVENT,
    });
    return rows.map(toDeadLetter);
  }

  /** Puts a dead letter back in the queue with a fresh horizon; redriving a message that is not DEAD is NOT_FOUND. */
  async redrive(id: string): Promise<DeadLetter> {
    const now = this.clock();
    const updated = await this.prisma.outboxMessage.updateMany({
      where: { id, status: 'DEAD' },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, createdAt: now, lockedBy: null, lockedUntil: null },
    });
    if (updated.count === 0) throw notFound('dead letter', id);
    return toDeadLetter(await this.prisma.outboxMessage.findUniqueOrThrow({ where: { id }, include: WITH_EVENT }));
  }
}
