import { deploymentPath, rolloutPath } from '../kube/api.paths.js';
import type { DeploymentObject, RolloutObject } from '../kube/kube.types.js';
import type { ClusterHandle } from '../registry/cluster.registry.js';
import { KubeApiError } from '../transport/kube-api.error.js';
import type { RolloutCache } from '../watch/rollout.cache.js';
import { driverError, DriverFailure } from './driver-error.js';

/**
 * Reads of one cluster for one driver call: Rollouts from the watch cache when it is synced (no requests), else
 * from the API; Deployments from the API, each at most once per call (ReplicaSets: `ReplicaSetSnapshots`).
 */
export class ClusterReader {
  private readonly deployments = new Map<string, Promise<DeploymentObject | undefined>>();

  constructor(
    readonly handle: ClusterHandle,
    readonly signal: AbortSignal,
    /** Read Rollouts from the API even when cached (diagnose, and re-reads after a 409). */
    private readonly fresh = false,
  ) {}

  /** The synced watch cache this reader answers Rollouts from, if it does (not for fresh reads). */
  cachedRollouts(): RolloutCache | undefined {
    const w = this.handle.watcher;
    return !this.fresh && w?.isSynced ? w.cache : undefined;
  }

  /** The Rollout, or undefined when it does not exist. */
  async rollout(namespace: string, name: string, fresh = this.fresh): Promise<RolloutObject | undefined> {
    const w = this.handle.watcher;
    if (!fresh && w?.isSynced) return w.cache.get(namespace, name);
    return this.getOrUndefined<RolloutObject>(rolloutPath(namespace, name));
  }

  /** The `workloadRef` Deployment of a Rollout (undefined without one, or when it does not exist). */
  deployment(rollout: RolloutObject, fresh = false): Promise<DeploymentObject | undefined> {
    const ref = rollout.spec?.workloadRef?.name;
    if (!ref) return Promise.resolve(undefined);
    const ns = rollout.metadata?.namespace ?? '';
    const key = `${ns}/${ref}`;
    if (fresh || !this.deployments.has(key))
      this.deployments.set(key, this.getOrUndefined<DeploymentObject>(deploymentPath(ns, ref)));
    return this.deployments.get(key)!;
  }

  async getOrUndefined<T>(path: string, accept?: string): Promise<T | undefined> {
    try {
      return await this.handle.client.request<T>({ method: 'GET', path, accept }, this.signal);
    } catch (e) {
      if (e instanceof KubeApiError && e.kind === 'not-found') return undefined;
      throw e;
    }
  }
}

/** Waits for a cluster's watch to list, up to `waitMs`; throws NOT_SYNCED past it. No-op without a watch. */
export async function ensureSynced(handle: ClusterHandle, waitMs: number, signal: AbortSignal): Promise<void> {
  const w = handle.watcher;
  if (!w || w.isSynced) return;
  await w.waitForSync(AbortSignal.any([signal, AbortSignal.timeout(waitMs)]));
  if (!w.isSynced) {
    const h = handle.health.snapshot();
    throw new DriverFailure(
      driverError(
        'NOT_SYNCED',
        `cluster ${handle.name} has not listed its Rollouts yet${h.lastError ? ` (last error: ${h.lastError})` : ''}`,
      ),
    );
  }
}
