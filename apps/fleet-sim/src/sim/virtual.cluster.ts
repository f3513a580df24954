import { ObjectStore } from '../store/object.store.js';
import type { K8sObject } from '../store/k8s.types.js';
import type { ResourceType } from '../store/resource.registry.js';

/** Verbs counted per cluster (deletecollection counts as delete). */
export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;
export type Verb = (typeof VERBS)[number];
export type RequestCounts = Record<Verb, number>;

/**
 * An admission hook run on client writes (not on the simulated controller's own writes), after the patch is applied and
 * before validation; returns the object to store. Used by faults such as a Secret rotated by an upgrade.
 */
export type AdmissionHook = (
  cluster: VirtualCluster,
  type: ResourceType,
  next: K8sObject,
  old?: K8sObject,
) => K8sObject;

/** One simulated cluster: its identity, credentials, objects and request counters. */
export class VirtualCluster {
  readonly store: ObjectStore;
  readonly counts: RequestCounts = { get: 0, list: 0, watch: 0, create: 0, update: 0, patch: 0, delete: 0 };
  readonly admission: AdmissionHook[] = [];

  constructor(
    readonly name: string,
    readonly region: string,
    readonly labels: Record<string, string>,
    readonly token: string,
    now: () => Date = () => new Date(),
    eventHistory?: number,
  ) {
    this.store = new ObjectStore(now, eventHistory);
  }

  /** Counts one request. */
  count(verb: Verb): void {
    this.counts[verb]++;
  }
}
