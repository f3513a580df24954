export { MetricsModule } from './metrics.module.js';
export { RingmasterMetrics, type DeliveryOutcome, type DeliveryKind, TRAIN_STATUSES } from './ringmaster.metrics.js';
