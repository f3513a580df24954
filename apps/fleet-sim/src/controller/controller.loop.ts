import type { FaultRegistry } from '../faults/fault.registry.js';
import type { StoreChange } from '../store/object.store.js';
import { CONFIGMAPS, DEPLOYMENTS, ROLLOUTS, SECRETS } from '../store/resource.registry.js';
import type { VirtualCluster } from '../sim/virtual.cluster.js';
import { reconcileCanary } from './canary.controller.js';
import type { ControllerContext } from './controller.context.js';
import { WakeQueue } from './wake.queue.js';

/** Controller timing. */
export interface ControllerOptions {
  tickMs: number;
  podStartMs: number;
  /** Longest a tick may run before yielding to the HTTP server (the rest waits for the next tick). */
  budgetMs?: number;
  tenantOf(namespace: string): string;
}

const SEP = '\u0000';
const DEFAULT_BUDGET_FRACTION = 0.5;

/**
 * Runs the simulated Argo Rollouts controller for every cluster on real time: a Rollout is reconciled when it
 * (or its Deployment, Secrets, ConfigMaps, or a fault) changes, and when a timer it asked for fires
 * (pause end, pod start, crash restart, progress deadline). Work per tick is O(changed Rollouts).
 */
export class ControllerLoop {
  private readonly dirty = new Set<string>();
  private readonly wakes = new WakeQueue();
  private timer?: NodeJS.Timeout;
  private reconciling = false;
  /** Reconcile passes run so far. */
  passes = 0;

  constructor(
    private readonly clusters: ReadonlyMap<string, VirtualCluster>,
    private readonly faults: FaultRegistry,
    private readonly opts: ControllerOptions,
  ) {
    for (const c of clusters.values()) c.store.onChange((ch) => this.onChange(c, ch));
    faults.onChange((f) => this.markScope(f.spec.clusters ?? ('cluster' in f.spec ? [f.spec.cluster] : undefined)));
  }

  /** Starts ticking. */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.opts.tickMs);
    this.timer.unref?.();
  }

  /** Stops ticking. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Marks one Rollout for reconciliation on the next tick. */
  mark(cluster: string, namespace: string, name: string): void {
    this.dirty.add(`${cluster}${SEP}${namespace}${SEP}${name}`);
  }

  /** Marks every Rollout of some clusters (all when undefined). */
  markScope(clusters?: string[]): void {
    for (const c of this.clusters.values()) {
      if (clusters && clusters.length > 0 && !clusters.includes(c.name)) continue;
      for (const r of c.store.list(ROLLOUTS)) this.mark(c.name, r.metadata.namespace!, r.metadata.name);
    }
  }

  /** Number of Rollouts waiting for a pass (dirty or timed). */
  get backlog(): number {
    return this.dirty.size;
  }

  /** Reconciles what is due now, within the time budget. */
  tick(now = Date.now()): void {
    for (const k of this.wakes.popDue(now)) this.dirty.add(k);
    const budget = this.opts.budgetMs ?? this.opts.tickMs * DEFAULT_BUDGET_FRACTION;
    const started = Date.now();
    for (const key of this.dirty) {
      this.dirty.delete(key);
      this.reconcile(key, now);
      if (Date.now() - started > budget) break;
    }
  }

  private reconcile(key: string, now: number): void {
    const [clusterName, ns, name] = key.split(SEP);
    const cluster = this.clusters.get(clusterName);
    const rollout = cluster?.store.get(ROLLOUTS, ns, name);
    if (!cluster || !rollout) return;
    const ctx: ControllerContext = {
      cluster,
      faults: this.faults,
      tenantOf: this.opts.tenantOf,
      now,
      podStartMs: this.opts.podStartMs,
    };
    this.reconciling = true;
    try {
      const { wakeAt } = reconcileCanary(ctx, rollout);
      this.passes++;
      if (wakeAt !== undefined) this.wakes.schedule(key, Math.max(wakeAt, now + 1));
    } finally {
      this.reconciling = false;
    }
  }

  private onChange(cluster: VirtualCluster, ch: StoreChange): void {
    if (this.reconciling) return;
    const ns = ch.object.metadata.namespace;
    if (ns === undefined) return;
    if (ch.type === ROLLOUTS) {
      if (ch.event !== 'DELETED') this.mark(cluster.name, ns, ch.object.metadata.name);
    } else if (ch.type === DEPLOYMENTS) {
      for (const r of cluster.store.list(ROLLOUTS, ns)) {
        if (r.spec?.workloadRef?.name === ch.object.metadata.name) this.mark(cluster.name, ns, r.metadata.name);
      }
    } else if (ch.type === SECRETS || ch.type === CONFIGMAPS) {
      for (const r of cluster.store.list(ROLLOUTS, ns)) this.mark(cluster.name, ns, r.metadata.name);
    }
  }
}
