import type { RolloutObject } from '../kube/kube.types.js';

/** What a cluster's Rollout watch reports. Watch events only wake the reconciler up; it re-reads what it needs. */
export type ClusterWatchEvent =
  | {
      type: 'rollout-changed';
      cluster: string;
      change: 'added' | 'modified' | 'deleted';
      namespace: string;
      name: string;
      /** `ringmaster.io/environment` of the Rollout. */
      environment: string | null;
      rollout: RolloutObject;
    }
  | {
      /** `ringmaster.io/customer-revision` changed on a Rollout already known (first sight is not a change). */
      type: 'customer-revision-changed';
      cluster: string;
      namespace: string;
      name: string;
      environment: string | null;
      from: string | null;
      to: string | null;
      /** When Ringmaster saw the change (the watch event's arrival, on the injected clock). */
      observedAt: Date;
    }
  | { type: 'synced'; cluster: string; rollouts: number; resourceVersion: string; at: Date }
  | { type: 'watch-error'; cluster: string; message: string; retryInMs: number; at: Date };
