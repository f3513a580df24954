import type { KubeConfig } from '@kubernetes/client-node';
import { credentialsFingerprint, type ClusterConnection } from '../connection/cluster-credentials.js';
import { loadKubeconfig } from '../connection/kubeconfig.loader.js';
import { coreDiscoveryPath } from '../kube/api.paths.js';
import { ClusterHealthTracker, type Clock, type ClusterHealth } from '../health/cluster-health.js';
import { DEFAULT_CLIENT_OPTIONS, KubeClient, type KubeClientOptions } from '../transport/kube.client.js';
import { ClientNodeTransport } from '../transport/kube.transport.js';
import type { KubeRequestObserver } from '../transport/kube.verb.js';
import { RolloutWatcher, type WatchBackoff } from '../watch/rollout.watcher.js';
import type { ClusterWatchEvent } from '../watch/watch.events.js';
import { countingWatchRequests } from './watch-request.counter.js';

/** Options of a registry (from configuration, parsed once at boot). */
export interface ClusterRegistryOptions {
  client?: KubeClientOptions;
  clock?: Clock;
  /** Start a Rollout watch per cluster (default true). Without it the driver reads Rollouts on every observe. */
  watch?: boolean;
  watchBackoff?: WatchBackoff;
  /** Receives every cluster's watch events (wake the reconciler, record customer revision changes). */
  onEvent?: (event: ClusterWatchEvent) => void;
  /**
   * Told of every request sent to any cluster (metrics): each client attempt with its verb, and each watch request
   * (a watch is opened again after every stream end) as `watch`. Takes the place of `client.onRequest`.
   */
  onRequest?: KubeRequestObserver;
}

/** One registered cluster with its live client. */
export interface ClusterHandle {
  readonly name: string;
  readonly connection: ClusterConnection;
  readonly cordoned: boolean;
  readonly client: KubeClient;
  readonly kubeConfig: KubeConfig;
  readonly health: ClusterHealthTracker;
  /** Undefined when watching is disabled. */
  readonly watcher?: RolloutWatcher;
}

interface Entry extends ClusterHandle {
  fingerprint: string;
  cordoned: boolean;
  connection: ClusterConnection;
}

/**
 * The in-memory holder of per-cluster clients ("which clusters" is persistence's; this is "talk to a cluster").
 * `upsert` builds a client and watch from a connection, and rebuilds them only when the credentials change.
 */
export class ClusterRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;

  constructor(private readonly options: ClusterRegistryOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Adds or updates a cluster. Same credentials: only labels and cordon state change, the client and its watch
   * stay. New credentials: a new client and watch replace the old ones.
   * @throws KubeconfigError when the credentials cannot be used (nothing changes then).
   */
  upsert(connection: ClusterConnection, state: { cordoned?: boolean } = {}): ClusterHandle {
    const fingerprint = credentialsFingerprint(connection.credentials);
    const existing = this.entries.get(connection.name);
    if (existing && existing.fingerprint === fingerprint) {
      existing.connection = connection;
      existing.cordoned = state.cordoned ?? existing.cordoned;
      return existing;
    }
    const loaded = loadKubeconfig(connection.credentials);
    const health = new ClusterHealthTracker(connection.name, this.clock);
    const { onRequest } = this.options;
    const clientOptions = this.options.client ?? DEFAULT_CLIENT_OPTIONS;
    const client = new KubeClient(
      connection.name,
      new ClientNodeTransport(loaded, this.clock),
      health,
      onRequest ? { ...clientOptions, onRequest } : clientOptions,
    );
    const watcher =
      this.options.watch === false
        ? undefined
        : new RolloutWatcher({
            cluster: connection.name,
            client,
            kubeConfig: onRequest
              ? countingWatchRequests(loaded.kubeConfig, () => onRequest(connection.name, 'watch'))
              : loaded.kubeConfig,
            health,
            clock: this.clock,
            backoff: this.options.watchBackoff,
            onEvent: (e) => this.options.onEvent?.(e),
          });
    const entry: Entry = {
      name: connection.name,
      connection,
      fingerprint,
      cordoned: state.cordoned ?? existing?.cordoned ?? false,
      client,
      kubeConfig: loaded.kubeConfig,
      health,
      watcher,
    };
    this.entries.set(connection.name, entry);
    if (existing) void this.dispose(existing);
    watcher?.start();
    return entry;
  }

  /** Cordons (no new deploys) or uncordons a cluster; false when unknown. */
  setCordoned(name: string, cordoned: boolean): boolean {
    const e = this.entries.get(name);
    if (e) e.cordoned = cordoned;
    return e !== undefined;
  }

  /** Forgets a cluster, stopping its watch and client. */
  async remove(name: string): Promise<void> {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    await this.dispose(e);
  }

  get(name: string): ClusterHandle | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  /**
   * Checks a cluster's API now with its cheapest request (core discovery) and returns its health; a watch that is
   * merely quiet proves nothing, so periodic health checks call this. Undefined when the cluster is unknown.
   */
  async ping(name: string, signal?: AbortSignal): Promise<ClusterHealth | undefined> {
    const e = this.entries.get(name);
    if (!e) return undefined;
    await e.client.request({ method: 'GET', path: coreDiscoveryPath() }, signal).catch(() => undefined);
    return e.health.snapshot();
  }

  /** Health of every cluster, as data for the engine. */
  health(): ClusterHealth[] {
    return this.names().map((n) => this.entries.get(n)!.health.snapshot());
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => this.dispose(e)));
  }

  private async dispose(e: Entry): Promise<void> {
    await e.watcher?.stop();
    e.client.close();
  }
}
