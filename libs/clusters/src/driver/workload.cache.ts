import type { DeploymentObject, RolloutObject } from '../kube/kube.types.js';

/**
 * The `workloadRef` Deployments of Rollouts, kept per Rollout and re-read only when the Rollout's resourceVersion
 * moved. Argo Rollouts answers every change of a referenced Deployment's template by updating the Rollout's status
 * (a new pod hash), so an unchanged Rollout means an unchanged template: a steady observe pass costs no request,
 * and a pass after a deploy or a customer's change reads each changed Deployment once.
 */
export class WorkloadCache {
  private readonly entries = new Map<string, { version: string; deployment: Promise<DeploymentObject | undefined> }>();

  /** The Rollout's Deployment: cached for this resourceVersion, else `read()` (a failed read is not kept). */
  get(
    cluster: string,
    rollout: RolloutObject,
    read: () => Promise<DeploymentObject | undefined>,
  ): Promise<DeploymentObject | undefined> {
    const key = `${cluster}/${rollout.metadata?.namespace ?? ''}/${rollout.metadata?.name ?? ''}`;
    const version = rollout.metadata?.resourceVersion;
    const hit = this.entries.get(key);
    if (version && hit?.version === version) return hit.deployment;
    const deployment = read();
    if (version) {
      this.entries.set(key, { version, deployment });
      deployment.catch(() => this.entries.delete(key));
    }
    return deployment;
  }

  /** Forgets a Rollout (it no longer exists, or no longer references a Deployment). */
  forget(cluster: string, namespace: string, name: string): void {
    if (this.entries.size === 0) return;
    this.entries.delete(`${cluster}/${namespace}/${name}`);
  }
}
