import { KubeRolloutDriver, type KubeRolloutDriverOptions } from '../driver/kube-rollout.driver.js';
import type { RolloutDriver } from '../driver/rollout.driver.js';
import { ClusterRegistry, type ClusterRegistryOptions } from './cluster.registry.js';

/** The cluster layer as the service uses it: who the clusters are (registry) and how to drive them (driver). */
export interface ClusterFleet {
  registry: ClusterRegistry;
  driver: RolloutDriver;
  /** Stops every watch and client. */
  close(): Promise<void>;
}

/** Options of `createClusterFleet`. */
export type ClusterFleetOptions = ClusterRegistryOptions & { driver?: KubeRolloutDriverOptions };

/** Builds an empty registry and a driver over it; add clusters with `registry.upsert`. */
export function createClusterFleet(options: ClusterFleetOptions = {}): ClusterFleet {
  const registry = new ClusterRegistry(options);
  const driver = new KubeRolloutDriver(registry, options.driver);
  return { registry, driver, close: () => registry.close() };
}
