import { Logger } from '@nestjs/common';
import { discoverCluster, type ClusterRegistry, type ClusterWatchEvent } from '@ringmaster/clusters';
import type { PrismaClient } from '@ringmaster/persistence';
import { writeDiscovery, type DiscoveryWriteSummary } from './discovery.writer.js';

/** Timing of the sync. */
export interface EnvironmentSyncOptions {
  /** Full discovery of every cluster, and cluster health, this often (default 60 s). */
  intervalMs: number;
  /** Watch events of a cluster are gathered this long before it is synced (default 1 s). */
  debounceMs: number;
}

export const DEFAULT_SYNC_OPTIONS: EnvironmentSyncOptions = { intervalMs: 60_000, debounceMs: 1_000 };

/** Outcome of syncing one cluster. */
export type ClusterSyncResult = { ok: true; summary: DiscoveryWriteSummary } | { ok: false; message: string };

/**
 * Keeps the inventory (Environment, Component, CustomerRevisionChange, DiscoveryConflict, Cluster health columns)
 * in step with the clusters: `syncCluster` on registration, every cluster on a timer, and a cluster again shortly
 * after its watch reports an added/deleted Rollout or a customer revision change (debounced). Syncs of one cluster
 * never overlap.
 */
export class EnvironmentSync {
  private readonly log = new Logger(EnvironmentSync.name);
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<ClusterSyncResult>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly registry: () => ClusterRegistry,
    private readonly clock: () => Date,
    private readonly options: EnvironmentSyncOptions = DEFAULT_SYNC_OPTIONS,
  ) {}

  /** Starts the periodic sync. */
  start(): void {
    this.timer ??= setInterval(() => void this.syncAll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  /** Feed of the registry's watch events: schedules a debounced sync when the inventory may have changed. */
  onWatchEvent(event: ClusterWatchEvent): void {
    const relevant =
      event.type === 'customer-revision-changed' ||
      event.type === 'synced' ||
      (event.type === 'rollout-changed' && event.change !== 'modified');
    if (!relevant || this.pending.has(event.cluster)) return;
    const t = setTimeout(() => {
      this.pending.delete(event.cluster);
      void this.syncCluster(event.cluster);
    }, this.options.debounceMs);
    t.unref();
    this.pending.set(event.cluster, t);
  }

  /** Discovers every registered cluster and records health. */
  async syncAll(): Promise<void> {
    await Promise.all(
      this.registry()
        .names()
        .map((n) => this.syncCluster(n)),
    );
  }

  /** Discovers one cluster and writes it, and its health; resolves to data, never rejects. */
  syncCluster(name: string): Promise<ClusterSyncResult> {
    const inFlight = this.running.get(name);
    if (inFlight) return inFlight.then(() => this.syncCluster(name));
    const run = this.doSync(name).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private async doSync(name: string): Promise<ClusterSyncResult> {
    try {
      const row = await this.prisma.cluster.findUnique({ where: { name } });
      if (!row) return { ok: false, message: `cluster ${name} is not in the inventory` };
      await this.recordHealth(row.id, name, row.state);
      const found = await discoverCluster(this.registry(), name);
      if (!found.ok) return { ok: false, message: found.error.message };
      const summary = await writeDiscovery(this.prisma, row.id, found.discovery, this.clock());
      return { ok: true, summary };
    } catch (e) {
      this.log.warn(`sync of cluster ${name} failed: ${(e as Error).message}`);
      return { ok: false, message: (e as Error).message };
    }
  }

  /** Cluster.state/unreachableSince/lastError from a ping of the cluster (a cordon is never overwritten). */
  private async recordHealth(id: string, name: string, state: string): Promise<void> {
    const h = await this.registry().ping(name);
    if (!h || h.state === 'unknown') return;
    if (h.state === 'unreachable') {
      await this.prisma.cluster.update({
        where: { id },
        data: {
          ...(state === 'CORDONED' ? {} : { state: 'UNREACHABLE' }),
          unreachableSince: h.since,
          lastError: h.lastError,
        },
      });
    } else if (state === 'UNREACHABLE') {
      await this.prisma.cluster.update({ where: { id }, data: { state: 'ACTIVE', unreachableSince: null } });
    } else {
      await this.prisma.cluster.update({ where: { id }, data: { unreachableSince: null } });
    }
  }
}
