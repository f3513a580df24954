import { Module } from '@nestjs/common';
import type { PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { TARGET_ATTRIBUTOR } from '../engine/target-attributor.js';
import { AttributionOverrides } from './attribution.override.service.js';
import { AttributionRepository } from './attribution.repository.js';
import { AttributionResolver } from './attribution.resolver.js';
import { AttributionSignals } from './attribution.signals.js';
import { PrometheusBaselineProbe } from './baseline.probe.js';
import { ReleaseAttributor } from './release.attributor.js';

/**
 * Attribution: ReleaseAttributor (the engine's TargetAttributor, also as TARGET_ATTRIBUTOR), AttributionRepository
 * (`latestForTrain` builds `Observations.attributions`, `listForTrain` answers `Train.attributions`) and the
 * overrideAttribution mutation. The engine module builds its own BakeObserver from the settings. PRISMA_CLIENT and API_CLOCK come from the global ApiCoreModule.
 */
@Module({
  providers: [
    {
      provide: AttributionRepository,
      inject: [PRISMA_CLIENT],
      useFactory: (p: PrismaClient) => new AttributionRepository(p),
    },
    {
      provide: AttributionSignals,
      inject: [PRISMA_CLIENT],
      useFactory: (p: PrismaClient) => new AttributionSignals(p, new PrometheusBaselineProbe()),
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
