import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Clock, ClusterHealthTracker } from '../health/cluster-health.js';
import { allRolloutsPath } from '../kube/api.paths.js';
import { LABEL_ENVIRONMENT } from '../kube/kube.constants.js';
import type { KubeList, RolloutObject } from '../kube/kube.types.js';
import { errorFromException, errorFromResponse, type KubeApiError } from '../transport/kube-api.error.js';
import type { KubeClient } from '../transport/kube.client.js';
import { RolloutCache } from './rollout.cache.js';
import type { ClusterWatchEvent } from './watch.events.js';

/** Reconnect backoff of a watch. */
export interface WatchBackoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_WATCH_BACKOFF: WatchBackoff = { initialMs: 500, maxMs: 30_000 };
/** Page size of a relist (a cluster holds thousands of Rollouts). */
export const LIST_PAGE_SIZE = 500;
const HTTP_GONE = 410;
const BACKOFF_FACTOR = 2;

/** What a watcher needs. */
export interface RolloutWatcherDeps {
  cluster: string;
  client: KubeClient;
  kubeConfig: KubeConfig;
  health: ClusterHealthTracker;
  clock: Clock;
  onEvent: (event: ClusterWatchEvent) => void;
  backoff?: WatchBackoff;
  /** Default `ringmaster.io/environment` (every Rollout carrying the label). */
  labelSelector?: string;
}

type WatchOutcome = { kind: 'closed'; delivered: boolean } | { kind: 'gone' } | { kind: 'failed'; error: KubeApiError };

/**
 * One cluster's Rollout watch, all namespaces, label-selected: lists (paginated) into a `RolloutCache`, then
 * watches from the list's resourceVersion with bookmarks. Every time the stream ends — server close, client-node's
 * 30 s inactivity timeout, network error — it watches again from the last resourceVersion seen (bookmarks keep it
 * fresh); a 410 Gone (HTTP or ERROR event) means that version is too old: relist. Failures back off exponentially
 * up to `maxMs` and reset after a stream that delivered anything.
 */
export class RolloutWatcher {
  readonly cache: RolloutCache;
  private resourceVersion: string | undefined;
  private stopped = true;
  private synced = false;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private syncWaiters: (() => void)[] = [];
  private readonly backoff: WatchBackoff;
  private readonly selector: string;

  constructor(private readonly deps: RolloutWatcherDeps) {
    this.cache = new RolloutCache(deps.cluster);
    this.backoff = deps.backoff ?? DEFAULT_WATCH_BACKOFF;
    this.selector = deps.labelSelector ?? LABEL_ENVIRONMENT;
  }

  /** True once the first list has completed (the cache then answers for the cluster). */
  get isSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the next watch resumes from. */
  get lastResourceVersion(): string | undefined {
    return this.resourceVersion;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Resolves once synced, or when `signal` aborts (then `isSynced` tells). */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.syncWaiters.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        const outcome = await this.watchOnce(this.resourceVersion!);
        if (outcome.kind === 'gone') {
          this.resourceVersion = undefined;
          failures = 0;
          continue;
        }
        if (outcome.kind === 'closed') {
          failures = 0;
          // a stream that ends before saying anything is not trouble, but must not become a busy loop
          if (!outcome.delivered) await this.sleep(this.backoff.initialMs);
          continue;
        }
        throw outcome.error;
      } catch (e) {
        if (this.stopped) break;
        const error = errorFromException(e, false);
        if (error.kind === 'gone') {
          this.resourceVersion = undefined;
          continue;
        }
        this.deps.health.recordFailure(error);
        failures++;
        const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * BACKOFF_FACTOR ** (failures - 1));
        this.deps.onEvent({
          type: 'watch-error',
          cluster: this.deps.cluster,
          message: error.message,
          retryInMs: delay,
          at: this.deps.clock(),
        });
        await this.sleep(delay);
      }
    }
  }

  private async relist(): Promise<void> {
    const items: RolloutObject[] = [];
    let resourceVersion = '';
    let next: string | undefined;
    do {
      const page = await this.deps.client.request<KubeList<RolloutObject>>({
        method: 'GET',
        path: allRolloutsPath(),
        query: { labelSelector: this.selector, limit: LIST_PAGE_SIZE, continue: next },
      });
      items.push(...(page.items ?? []));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      next = page.metadata?.continue || undefined;
    } while (next && !this.stopped);
    const now = this.deps.clock();
    const events = this.cache.replace(items, now);
    this.resourceVersion = resourceVersion;
    this.synced = true;
    this.syncWaiters.splice(0).forEach((w) => w());
    events.forEach((e) => this.deps.onEvent(e));
    this.deps.onEvent({
      type: 'synced',
      cluster: this.deps.cluster,
      rollouts: this.cache.size,
      resourceVersion,
      at: now,
    });
  }

  private watchOnce(fromVersion: string): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve) => {
      let gone = false;
      let delivered = false;
      const onLine = (type: string, object: RolloutObject & { code?: number }): void => {
        delivered = true;
        if (type === 'ERROR') {
          if (object.code === HTTP_GONE) gone = true;
          this.controller?.abort();
          return;
        }
        const rv = object.metadata?.resourceVersion;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
          this.cache.apply(type, object, this.deps.clock()).forEach((e) => this.deps.onEvent(e));
        }
        if (rv) this.resourceVersion = rv;
      };
      const onDone = (err: unknown): void => {
        if (gone) return resolve({ kind: 'gone' });
        const e = err as { statusCode?: number; name?: string } | null;
        if (!e || e.name === 'AbortError' || e.name === 'TimeoutError') return resolve({ kind: 'closed', delivered });
        if (e.statusCode === HTTP_GONE) return resolve({ kind: 'gone' });
        const error =
          e.statusCode !== undefined
            ? errorFromResponse(e.statusCode, '', undefined, this.deps.clock())
            : errorFromException(err, false);
        resolve({ kind: 'failed', error });
      };
      new Watch(this.deps.kubeConfig)
        .watch(
          allRolloutsPath(),
          { labelSelector: this.selector, resourceVersion: fromVersion, allowWatchBookmarks: true },
          onLine,
          onDone,
        )
        .then((controller) => {
          this.controller = controller;
          if (this.stopped) controller.abort();
        })
        .catch((err: unknown) => onDone(err));
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
