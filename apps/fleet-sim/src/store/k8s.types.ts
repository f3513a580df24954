/** Minimal shapes of the Kubernetes objects fleet-sim stores; everything else is kept as untyped JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** ObjectMeta as fleet-sim fills it in. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

/** A controller reference from a child (ReplicaSet, Pod) to its owner. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Untyped JSON object (specs and statuses are read loosely, as the API server stores them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

/** Any stored Kubernetes object. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Loose;
  status?: Loose;
  [key: string]: unknown;
}

/** A watch event as sent on the wire (one NDJSON line). */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: K8sObject | Record<string, unknown>;
}
