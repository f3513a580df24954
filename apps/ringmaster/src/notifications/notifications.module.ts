import { Module } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { decryptSecret } from '@ringmaster/clusters';
import { NotificationSender } from '@ringmaster/notifications';
import type { PrismaClient } from '@ringmaster/persistence';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { RingmasterMetrics } from '../metrics/ringmaster.metrics.js';
import { DeliveryWorker } from './delivery.worker.js';
import { NotificationLoop } from './notification.loop.js';
import { OutboxRepository } from './outbox.repository.js';
import { secretAad, SubscriptionRepository } from './subscription.repository.js';
import { SubscriptionResolver } from './subscription.resolver.js';

const DEFAULTS = { allowHosts: [], allowCidrs: [], deadAfterMs: 86_400_000, intervalMs: 1000 };

/** Notification subscriptions over GraphQL, and the outbox dispatcher + delivery worker on the configured interval. */
@Module({
  providers: [
    SubscriptionRepository,
    SubscriptionResolver,
    { provide: OutboxRepository, inject: [PRISMA_CLIENT], useFactory: (p: PrismaClient) => new OutboxRepository(p) },
    {
      provide: DeliveryWorker,
      inject: [OutboxRepository, RINGMASTER_CONFIG, API_CLOCK, RingmasterMetrics],
      useFactory: (outbox: OutboxRepository, config: RingmasterConfig, clock: ApiClock, metrics: RingmasterMetrics) => {
        const n = config.notifications ?? DEFAULTS;
        const sender = new NotificationSender({
          allow: { cidrs: n.allowCidrs, hosts: n.allowHosts },
          timeoutMs: 10_000,
        });
        return new DeliveryWorker(outbox, sender, {
          workerId: config.instanceId,
          retry: { baseDelayMs: 1000, maxDelayMs: 600_000, deadAfterMs: n.deadAfterMs },
          leaseMs: 60_000,
          batchSize: 50,
          now: clock,
          linkBaseUrl: config.publicUrl,
          onAttempt: (kind, outcome) => metrics.countDelivery(kind, outcome),
          decryptSecret: (id, sealed) => {
            if (!config.encryptionKey) throw new Error('RINGMASTER_ENCRYPTION_KEY is not set');
            return decryptSecret(config.encryptionKey, sealed, secretAad(id));
          },
        });
      },
    },
    {
      provide: NotificationLoop,
      inject: [OutboxRepository, DeliveryWorker, RINGMASTER_CONFIG, API_CLOCK],
      useFactory: (outbox: OutboxRepository, worker: DeliveryWorker, config: RingmasterConfig, clock: ApiClock) =>
        new NotificationLoop(outbox, worker, (config.notifications ?? DEFAULTS).intervalMs, clock),
    },
  ],
})
export class NotificationsModule {}
