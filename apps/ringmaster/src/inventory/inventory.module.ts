import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import type { PrismaClient } from '@ringmaster/persistence';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
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
 * The cluster inventory: `ClusterConnections` (live clients and watches, the RolloutDriver, environment sync).
 * Needs the global RINGMASTER_CONFIG and PRISMA_CLIENT (ApiCoreModule).
 */
@Module({
  providers: [
    {
      provide: ClusterConnections,
      inject: [PRISMA_CLIENT, RINGMASTER_CONFIG],
      useFactory: (prisma: PrismaClient, config: RingmasterConfig) =>
        new ClusterConnections(prisma, config.encryptionKey),
    },
    ClusterConnectionsLifecycle,
    DiscoveryResolver,
  ],
  exports: [ClusterConnections],
})
export class InventoryModule {}
