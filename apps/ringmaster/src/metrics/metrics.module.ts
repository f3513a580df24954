import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DatabaseHandle } from '@ringmaster/persistence';
import { MetricsController } from './metrics.controller.js';
import { RingmasterMetrics } from './ringmaster.metrics.js';
import { DatabaseTrainStatusSource, TRAIN_STATUS_SOURCE } from './train-status.source.js';

/**
 * Serves `/metrics` and provides `RingmasterMetrics` everywhere (global), one registry per application instance.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(db: DatabaseHandle): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: TRAIN_STATUS_SOURCE, useValue: new DatabaseTrainStatusSource(db) }, RingmasterMetrics],
      exports: [RingmasterMetrics],
    };
  }
}
