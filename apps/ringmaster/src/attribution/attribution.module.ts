import { Module } from '@nestjs/common';
import type { PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { ClusterConnections } from '../inventory/cluster.connections.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { RingmasterMetrics } from '../metrics/ringmaster.metrics.js';
import { TARGET_ATTRIBUTOR } from '../engine/target-attributor.js';
import { AttributionOverrides } from './attribution.override.service.js';
import { AttributionRepository } from './attribution.repository.js';
import { AttributionResolver } from './attribution.resolver.js';
import { AttributionSignals } from './attribution.signals.js';
import { PrometheusBaselineProbe } from './baseline.probe.js';
import { ReleaseAttributor } from './release.attributor.js';
import { DriverStableRoleProbe } from './stable-role.probe.js';

/**
 * Attribution: ReleaseAttributor (the engine's TargetAttributor, also as TARGET_ATTRIBUTOR), AttributionRepository
 * (`latestForTrain` builds `Observations.attributions`, `listForTrain` answers `Train.attributions`; each row written is
 * counted in RingmasterMetrics by cause) and the
 * overrideAttribution mutation. The baseline signal reads the inventory's watch caches (DriverStableRoleProbe). The engine module builds its own BakeObserver from the settings. PRISMA_CLIENT and API_CLOCK come from the global ApiCoreModule.
 */
@Module({
  imports: [InventoryModule],
  providers: [
    {
      provide: AttributionRepository,
      inject: [PRISMA_CLIENT, RingmasterMetrics],
      useFactory: (p: PrismaClient, metrics: RingmasterMetrics) =>
        new AttributionRepository(p, (recorded) => metrics.countAttribution(recorded.cause)),
    },
    {
      provide: AttributionSignals,
      inject: [PRISMA_CLIENT, ClusterConnections],
      useFactory: (p: PrismaClient, connections: ClusterConnections) =>
        new AttributionSignals(
          p,
          new PrometheusBaselineProbe(),
          // the inventory's driver (its watch caches): is a failed target's stable role the release already?
          new DriverStableRoleProbe({ observe: (targets) => connections.driver.observe(targets) }),
        ),
    },
    {
      provide: ReleaseAttributor,
      inject: [AttributionSignals, AttributionRepository],
      useFactory: (s: AttributionSignals, r: AttributionRepository) => new ReleaseAttributor(s, r),
    },
    {
      provide: AttributionOverrides,
      inject: [AttributionRepository],
      useFactory: (r: AttributionRepository) => new AttributionOverrides(r),
    },
    { provide: TARGET_ATTRIBUTOR, useExisting: ReleaseAttributor },
    AttributionResolver,
  ],
  exports: [AttributionRepository, ReleaseAttributor, TARGET_ATTRIBUTOR],
})
export class AttributionModule {}
