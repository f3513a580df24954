import type { FaultRegistry } from '../faults/fault.registry.js';
import type { VirtualCluster } from '../sim/virtual.cluster.js';

/** What one reconcile pass of a Rollout needs. */
export interface ControllerContext {
  cluster: VirtualCluster;
  faults: FaultRegistry;
  /** Tenant of an environment (namespace), for fault scopes. */
  tenantOf(namespace: string): string;
  now: number;
  /** Time a healthy pod takes to become ready. */
  podStartMs: number;
}

/** Annotation holding a pod's creation time in ms (creationTimestamp has only second precision). */
export const ANNOTATION_CREATED_MS = 'fleet-sim.ringmaster.io/created-ms';
