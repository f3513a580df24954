import { discoverEnvironments } from '../discovery/environment.discovery.js';
import type { ClusterDiscovery } from '../discovery/environment.types.js';
import { allRolloutsPath, deploymentPath } from '../kube/api.paths.js';
import { LABEL_ENVIRONMENT } from '../kube/kube.constants.js';
import type { DeploymentObject, KubeList, RolloutObject } from '../kube/kube.types.js';
import { objectKey } from '../kube/rollout.accessors.js';
import { driverError, toDriverError, type DriverError } from '../driver/driver-error.js';
import { LIST_PAGE_SIZE } from '../watch/rollout.watcher.js';
import type { ClusterRegistry } from './cluster.registry.js';

/** Discovery of one cluster, or why it could not be done. */
export type DiscoveryResult = { ok: true; discovery: ClusterDiscovery } | { ok: false; error: DriverError };

/**
 * Discovers a registered cluster's environments: its labelled Rollouts from the watch cache when synced (else
 * one paginated list), plus a read of each `workloadRef` Deployment for its image. Never throws.
 */
export async function discoverCluster(
  registry: ClusterRegistry,
  name: string,
  signal?: AbortSignal,
): Promise<DiscoveryResult> {
  const handle = registry.get(name);
  if (!handle) return { ok: false, error: driverError('UNKNOWN_CLUSTER', `cluster ${name} is not registered`) };
  try {
    let rollouts: RolloutObject[];
    if (handle.watcher?.isSynced) rollouts = [...handle.watcher.cache.values()];
    else {
      rollouts = [];
      let next: string | undefined;
      do {
        const page = await handle.client.request<KubeList<RolloutObject>>(
          {
            method: 'GET',
            path: allRolloutsPath(),
            query: { labelSelector: LABEL_ENVIRONMENT, limit: LIST_PAGE_SIZE, continue: next },
          },
          signal,
        );
        rollouts.push(...(page.items ?? []));
        next = page.metadata?.continue || undefined;
      } while (next);
    }
    const deployments = new Map<string, DeploymentObject>();
    for (const ro of rollouts) {
      const ref = ro.spec?.workloadRef?.name;
      if (!ref) continue;
      const ns = ro.metadata?.namespace ?? '';
      try {
        const d = await handle.client.request<DeploymentObject>(
          { method: 'GET', path: deploymentPath(ns, ref) },
          signal,
        );
        deployments.set(objectKey({ metadata: { namespace: ns, name: ref } }), d);
      } catch {
        // an unreadable Deployment leaves the component's image unknown; discovery goes on
      }
    }
    const discovery = discoverEnvironments({
      cluster: { name, labels: handle.connection.labels },
      rollouts,
      deployments,
    });
    return { ok: true, discovery };
  } catch (e) {
    return { ok: false, error: toDriverError(e) };
  }
}
