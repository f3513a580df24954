import { ANALYSISRUNS_PLURAL, ARGO_GROUP, ARGO_VERSION, ROLLOUTS_PLURAL } from './kube.constants.js';

/** API paths (relative to the cluster's server URL) of the objects Ringmaster reads and writes. */

const seg = encodeURIComponent;
const argo = `/apis/${ARGO_GROUP}/${ARGO_VERSION}`;

/** Discovery document of Argo Rollouts' group version (lists `rollouts` when the CRD is installed). */
export const argoDiscoveryPath = (): string => argo;

/** Core API discovery (any authenticated client may read it): the cheapest "are we in?" request. */
export const coreDiscoveryPath = (): string => '/api/v1';

/** Rollouts in every namespace (list and watch). */
export const allRolloutsPath = (): string => `${argo}/${ROLLOUTS_PLURAL}`;

/** One Rollout, or its `status` subresource. */
export const rolloutPath = (namespace: string, name: string, subresource?: 'status'): string =>
  `${argo}/namespaces/${seg(namespace)}/${ROLLOUTS_PLURAL}/${seg(name)}${subresource ? `/${subresource}` : ''}`;

/** One AnalysisRun. */
export const analysisRunPath = (namespace: string, name: string): string =>
  `${argo}/namespaces/${seg(namespace)}/${ANALYSISRUNS_PLURAL}/${seg(name)}`;

/** One Deployment (a Rollout's `workloadRef`). */
export const deploymentPath = (namespace: string, name: string): string =>
  `/apis/apps/v1/namespaces/${seg(namespace)}/deployments/${seg(name)}`;

/** ReplicaSets of every namespace (a cluster-wide list). */
export const allReplicaSetsPath = '/apis/apps/v1/replicasets';

/** ReplicaSets of a namespace. */
export const replicaSetsPath = (namespace: string): string => `/apis/apps/v1/namespaces/${seg(namespace)}/replicasets`;

/** Pods of a namespace. */
export const podsPath = (namespace: string): string => `/api/v1/namespaces/${seg(namespace)}/pods`;

/** One ConfigMap or Secret. */
export const configObjectPath = (kind: 'configmap' | 'secret', namespace: string, name: string): string =>
  `/api/v1/namespaces/${seg(namespace)}/${kind === 'secret' ? 'secrets' : 'configmaps'}/${seg(name)}`;
