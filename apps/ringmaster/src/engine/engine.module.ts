import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { LeaseStore, TrainStore, type PrismaClient } from '@ringmaster/persistence';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { AttributionModule } from '../attribution/attribution.module.js';
import { AttributionRepository } from '../attribution/attribution.repository.js';
import { BakeObserver } from '../telemetry/bake.observer.js';
import { ClusterConnections } from '../inventory/cluster.connections.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { RingmasterMetrics } from '../metrics/ringmaster.metrics.js';
import { FailureDiagnosingDriver } from './failure-diagnosis.driver.js';
import { DEFAULT_LOOP_OPTIONS, ReconcileLoop } from './reconcile.loop.js';
import { TARGET_ATTRIBUTOR, type TargetAttributor } from './target-attributor.js';
import { TrainPlanReader } from './train-plan.reader.js';
import { TrainTargetsReader } from './train-targets.reader.js';
import { DEFAULT_RECONCILER_OPTIONS, TrainReconciler } from './train.reconciler.js';

/** Starts the reconcile loop with the application and stops it (waiting for passes in flight) on shutdown. */
@Injectable()
class ReconcileLoopLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ReconcileLoop) private readonly loop: ReconcileLoop) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

/**
 * The train engine in the service: TrainStore, the reconciler over the inventory's RolloutDriver, the attribution
 * module's TargetAttributor, a BakeObserver (bake telemetry from each cluster's Prometheus; how often it is asked and
 * its minimum window are settings), AttributionRepository (stored answers and overrides), the live ring plan's freeze
 * windows, and the ReconcileLoop that drives every due train (leases keep other replicas off) and times each pass in
 * RingmasterMetrics. Exports TrainStore and ReconcileLoop for the train use cases.
 */
@Module({
  imports: [InventoryModule, AttributionModule],
  providers: [
    { provide: TrainStore, inject: [PRISMA_CLIENT], useFactory: (p: PrismaClient) => new TrainStore(p) },
    {
      provide: TrainReconciler,
      inject: [
        PRISMA_CLIENT,
        TrainStore,
        ClusterConnections,
        TARGET_ATTRIBUTOR,
        RINGMASTER_CONFIG,
        AttributionRepository,
      ],
      useFactory: (
        prisma: PrismaClient,
        store: TrainStore,
        connections: ClusterConnections,
        attributor: TargetAttributor,
        config: RingmasterConfig,
        attributions: AttributionRepository,
      ) => {
        // RINGMASTER_BAKE_OBSERVE_INTERVAL and RINGMASTER_BAKE_MIN_WINDOW; a configuration without them takes the defaults
        const engine = config.engine;
        return new TrainReconciler(
          store,
          new LeaseStore(prisma),
          new TrainTargetsReader(prisma),
          // crash loops reach decide and attribution as crash loops, not as the ProgressDeadlineExceeded they end in
          new FailureDiagnosingDriver(connections.driver),
          attributor,
          {
            ...DEFAULT_RECONCILER_OPTIONS,
            instanceId: config.instanceId,
            ...(engine ? { bakeObserveIntervalMs: engine.bakeObserveIntervalMs } : {}),
          },
          {
            bake: new BakeObserver(engine ? { minWindowSeconds: engine.bakeMinWindowSeconds } : {}),
            attributions,
            plans: new TrainPlanReader(prisma),
          },
        );
      },
    },
    {
      provide: ReconcileLoop,
      inject: [TrainStore, TrainReconciler, RingmasterMetrics],
      useFactory: (store: TrainStore, reconciler: TrainReconciler, metrics: RingmasterMetrics) =>
        new ReconcileLoop(store, reconciler, Date.now, DEFAULT_LOOP_OPTIONS, (ms) => metrics.observeReconcilePass(ms)),
    },
    ReconcileLoopLifecycle,
  ],
  exports: [TrainStore, ReconcileLoop],
})
export class EngineModule {}
