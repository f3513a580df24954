export { encryptSecret, decryptSecret, SecretCipherError } from './connection/secret.cipher.js';
export { loadKubeconfig, KubeconfigError, type KubeconfigErrorCode } from './connection/kubeconfig.loader.js';
export type { ClusterCredentials, ClusterConnection } from './connection/cluster-credentials.js';
export { parseEncryptionKey } from './connection/secret.cipher.js';
export { createClusterFleet, type ClusterFleet, type ClusterFleetOptions } from './registry/cluster.fleet.js';
export { ClusterRegistry, type ClusterHandle, type ClusterRegistryOptions } from './registry/cluster.registry.js';
export { discoverCluster, type DiscoveryResult } from './registry/cluster.discovery.js';
export { probeCluster, type ProbeResult, type ProbeFailureCode, type ProbeOptions } from './probe/cluster.probe.js';
export { KubeRolloutDriver, type KubeRolloutDriverOptions } from './driver/kube-rollout.driver.js';
export type * from './driver/rollout.driver.js';
export type { DriverError, DriverErrorCode } from './driver/driver-error.js';
export type { ClusterHealth, Clock } from './health/cluster-health.js';
export type { ClusterWatchEvent } from './watch/watch.events.js';
export type { WatchBackoff } from './watch/rollout.watcher.js';
export type {
  ClusterDiscovery,
  DiscoveredEnvironment,
  DiscoveredComponent,
  DuplicateEnvironment,
} from './discovery/environment.types.js';
export { findDuplicatesAcrossClusters } from './discovery/environment.discovery.js';
export type { RolloutStatusSnapshot, PodFailureSignal, AnalysisResult } from './status/rollout-status.types.js';
export type { RollbackSafety, MissingReference } from './safety/rollback-safety.types.js';
export type { FanOutOptions } from './fanout/fan-out.js';
export type { KubeClientOptions } from './transport/kube.client.js';
