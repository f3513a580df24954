import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import type { PrismaClient } from '@ringmaster/persistence';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { RingmasterMetrics } from '../metrics/ringmaster.metrics.js';
import { ClusterConnections } from './cluster.connections.js';
import { DiscoveryResolver } from './discovery.resolver.js';

/** Starts the connections when the application starts and closes them when it stops. */
@Injectable()
class ClusterConnectionsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(ClusterConnections) private readonly connections: ClusterConnections) {}

  onModuleInit(): Promise<void> {
    return this.connections.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.connections.close();
  }
}

/**
 * The cluster inventory: `ClusterConnections` (live clients and watches, the RolloutDriver, environment sync), every
 * Kubernetes request counted in RingmasterMetrics. Needs the global RINGMASTER_CONFIG and PRISMA_CLIENT (ApiCoreModule)
 * and RingmasterMetrics (MetricsModule).
 */
@Module({
  providers: [
    {
      provide: ClusterConnections,
      inject: [PRISMA_CLIENT, RINGMASTER_CONFIG, RingmasterMetrics],
      useFactory: (prisma: PrismaClient, config: RingmasterConfig, metrics: RingmasterMetrics) =>
        new ClusterConnections(prisma, config.encryptionKey, () => new Date(), {
          fleet: { onRequest: (cluster, verb) => metrics.countKubeRequest(cluster, verb) },
        }),
    },
    ClusterConnectionsLifecycle,
    DiscoveryResolver,
  ],
  exports: [ClusterConnections],
})
export class InventoryModule {}
