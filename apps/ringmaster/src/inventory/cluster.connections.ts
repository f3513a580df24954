import { Logger } from '@nestjs/common';
import {
  createClusterFleet,
  decryptSecret,
  type ClusterCredentials,
  type ClusterFleet,
  type ClusterFleetOptions,
  type ClusterHealth,
  type ClusterRegistry,
  type RolloutDriver,
} from '@ringmaster/clusters';
import type { Cluster, PrismaClient } from '@ringmaster/persistence';
import { EnvironmentSync, type ClusterSyncResult, type EnvironmentSyncOptions } from './environment.sync.js';

const START_RETRY_MS = 5_000;

/** The columns of a Cluster row a connection needs. */
export type ClusterConnectionRow = Pick<
  Cluster,
  'name' | 'labels' | 'kubeconfigEncrypted' | 'kubeconfigPath' | 'context' | 'state'
>;

/** Outcome of `connect`, as data. */
export type ConnectResult = { ok: true; sync: ClusterSyncResult } | { ok: false; message: string };

/**
 * The service's live connections to its clusters. At start every Cluster row is connected (inline kubeconfigs
 * decrypted with RINGMASTER_ENCRYPTION_KEY, bound to the cluster name); the API calls `connect` after
 * registerCluster/updateCluster, `disconnect` after removeCluster and `cordon` after cordon/uncordon. The train
 * engine drives Rollouts through `driver`. Every method is idempotent.
 */
export class ClusterConnections {
  private readonly log = new Logger(ClusterConnections.name);
  private readonly fleet: ClusterFleet;
  /** Writes discovered environments into the inventory (on connect, timer, watch events). */
  readonly sync: EnvironmentSync;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly encryptionKey: Buffer | undefined,
    clock: () => Date = () => new Date(),
    options: { fleet?: ClusterFleetOptions; sync?: EnvironmentSyncOptions } = {},
  ) {
    this.sync = new EnvironmentSync(prisma, () => this.fleet.registry, clock, options.sync);
    this.fleet = createClusterFleet({ clock, ...options.fleet, onEvent: (e) => this.sync.onWatchEvent(e) });
  }

  /** The RolloutDriver over every connected cluster. */
  get driver(): RolloutDriver {
    return this.fleet.driver;
  }

  get registry(): ClusterRegistry {
    return this.fleet.registry;
  }

  /**
   * Connects every Cluster row, then starts the periodic sync. Never rejects: when the rows cannot be read (the
   * database is down or not migrated yet) it logs and tries again after `retryMs`, so the service still starts.
   */
  async start(retryMs = START_RETRY_MS): Promise<void> {
    if (this.closed) return;
    try {
      const rows = await this.prisma.cluster.findMany({ orderBy: { name: 'asc' } });
      await Promise.all(rows.map((r) => this.connect(r)));
      this.sync.start();
    } catch (e) {
      this.log.warn(`cannot load clusters yet (${(e as Error).message.trim().split('\n').pop()}); retrying`);
      this.retry = setTimeout(() => void this.start(retryMs), retryMs);
      this.retry.unref();
    }
  }

  /**
   * Connects (or reconnects, when the credentials changed) a cluster from its row and syncs its environments.
   * A row whose credentials cannot be used gives `ok: false` and its lastError is recorded.
   */
  async connect(row: ClusterConnectionRow): Promise<ConnectResult> {
    try {
      this.fleet.registry.upsert(
        { name: row.name, credentials: this.credentials(row), labels: labelsOf(row.labels) },
        { cordoned: row.state === 'CORDONED' },
      );
    } catch (e) {
      const message = (e as Error).message;
      this.log.warn(`cluster ${row.name} cannot be connected: ${message}`);
      await this.prisma.cluster.updateMany({ where: { name: row.name }, data: { lastError: message } });
      return { ok: false, message };
    }
    return { ok: true, sync: await this.sync.syncCluster(row.name) };
  }

  /** Stops the cluster's watch and client (after removeCluster). */
  disconnect(name: string): Promise<void> {
    return this.fleet.registry.remove(name);
  }

  /** Cordons (no new deploys) or uncordons a connected cluster; false when not connected. */
  cordon(name: string, cordoned: boolean): boolean {
    return this.fleet.registry.setCordoned(name, cordoned);
  }

  /** Health of every connected cluster. */
  health(): ClusterHealth[] {
    return this.fleet.registry.health();
  }

  /** Discovers every connected cluster now (the `discoverEnvironments` mutation). */
  discoverAll(): Promise<void> {
    return this.sync.syncAll();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.sync.stop();
    await this.fleet.close();
  }

  private credentials(row: ClusterConnectionRow): ClusterCredentials {
    const context = row.context ?? undefined;
    if (row.kubeconfigEncrypted) {
      if (!this.encryptionKey) throw new Error('RINGMASTER_ENCRYPTION_KEY is not set: cannot decrypt the kubeconfig');
      return {
        kind: 'inline',
        kubeconfig: decryptSecret(this.encryptionKey, row.kubeconfigEncrypted, row.name),
        context,
      };
    }
    if (row.kubeconfigPath) return { kind: 'path', path: row.kubeconfigPath, context };
    throw new Error(`cluster ${row.name} has no kubeconfig`);
  }
}

function labelsOf(json: unknown): Record<string, string> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
