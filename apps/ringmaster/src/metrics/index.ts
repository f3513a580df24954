export { MetricsModule } from './metrics.module.js';
export { RingmasterMetrics, type DeliveryOutcome, TRAIN_STATUSES } from './ringmaster.metrics.js';
