import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TRAIN_STATUSES } from '@ringmaster/domain';
import { TRAIN_STATUS_SOURCE, type TrainStatusSource } from './train-status.source.js';

/** Outcome of one notification delivery attempt: sent, failed (to be retried), or failed and dead-lettered. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'dead';

/** Where a notification goes. */
export type DeliveryKind = 'SLACK' | 'WEBHOOK';

/** Seconds; reconcile passes are expected well under a second, a slow one is worth seeing. */
export const RECONCILE_PASS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10];

/** Every train status, so a status with no train is exported as 0 rather than missing. */
export { TRAIN_STATUSES };

const MS_PER_SECOND = 1000;

/**
 * The service's Prometheus metrics, on a registry of its own (never prom-client's global default), so several
 * service instances in one process (tests) do not share or clash. Counters are cheap and never throw: call them
 * from anywhere. `ringmaster_trains` is read from the database at scrape time.
 */
@Injectable()
export class RingmasterMetrics {
  /** The registry `/metrics` serves. */
  readonly registry = new Registry();
  private readonly reconcilePass: Histogram;
  private readonly kubeRequests: Counter<'cluster' | 'verb'>;
  private readonly deliveries: Counter<'kind' | 'outcome'>;
  private readonly attributions: Counter<'cause'>;

  constructor(@Inject(TRAIN_STATUS_SOURCE) trains: TrainStatusSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'ringmaster_trains',
      help: 'Trains by status (read from the database at scrape time).',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await trains.countByStatus();
        this.reset();
        for (const status of new Set([...TRAIN_STATUSES, ...Object.keys(counts)])) {
          this.set({ status }, counts[status] ?? 0);
        }
      },
    });
    this.reconcilePass = new Histogram({
      name: 'ringmaster_reconcile_pass_duration_seconds',
      help: 'Wall time of every reconcile pass the loop ran over a train, whatever its outcome (one that threw too).',
      buckets: RECONCILE_PASS_BUCKETS,
      registers,
    });
    this.kubeRequests = new Counter({
      name: 'ringmaster_kube_requests_total',
      help:
        'Kubernetes API requests sent, by cluster and verb as Kubernetes names it (get, list, watch, patch): each ' +
        'attempt (a retry counts again) and each watch stream opened; not the probe of registerCluster/updateCluster.',
      labelNames: ['cluster', 'verb'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'ringmaster_notification_deliveries_total',
      help: 'Notification delivery attempts, by kind (SLACK, WEBHOOK) and outcome (delivered, failed, dead).',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.attributions = new Counter({
      name: 'ringmaster_attributions_total',
      help:
        'Failure attributions recorded (Attribution rows written), by judged cause (RELEASE, CUSTOMER_CODE, ' +
        'TRANSIENT, UNKNOWN). Overrides are not counted, nor an UNKNOWN answered when judging itself failed.',
      labelNames: ['cause'],
      registers,
    });
  }

  /** Records the duration of one reconcile pass, in milliseconds. */
  observeReconcilePass(ms: number): void {
    this.reconcilePass.observe(ms / MS_PER_SECOND);
  }

  /** Counts one Kubernetes request sent (`verb` as Kubernetes names it: get, list, watch, patch). */
  countKubeRequest(cluster: string, verb: string): void {
    this.kubeRequests.inc({ cluster, verb });
  }

  /** Counts one notification delivery attempt. */
  countDelivery(kind: DeliveryKind, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ kind, outcome });
  }

  /** Counts one attribution recorded (`cause`: RELEASE, CUSTOMER_CODE, TRANSIENT, UNKNOWN). */
  countAttribution(cause: string): void {
    this.attributions.inc({ cause });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
