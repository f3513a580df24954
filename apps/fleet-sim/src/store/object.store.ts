import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { alreadyExists, conflict, gone, notFound } from '../api/status.js';
import type { K8sObject, WatchEvent } from './k8s.types.js';
import { apiVersionOf, type ResourceType, typeKey } from './resource.registry.js';

/** Which part of an object a write may change (Kubernetes subresource semantics). */
export type WritePart = 'main' | 'status';

/** A change applied to the store, delivered to watchers and listeners in resourceVersion order. */
export interface StoreChange {
  type: ResourceType;
  event: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: K8sObject;
  /** The object before the change (undefined for ADDED). */
  previous?: K8sObject;
  resourceVersion: number;
}

/** Listener for every committed change (controller wake-ups, watch fan-out). */
export type ChangeListener = (change: StoreChange) => void;

/** How many past changes each resource type keeps for watch resume before answering 410 Gone. */
export const DEFAULT_EVENT_HISTORY = 2000;

interface TypeState {
  /** namespace ('' for cluster-scoped) → name → object */
  byNamespace: Map<string, Map<string, K8sObject>>;
  count: number;
  /** Recent changes for watch resume, oldest first. */
  history: { rv: number; event: WatchEvent['type']; object: K8sObject }[];
  /** Changes at or below this resourceVersion are no longer replayable. */
  compactedRv: number;
}

/**
 * The objects of one virtual cluster, with one resourceVersion counter shared by every type (as etcd has).
 * Stored objects are never mutated in place: every write stores a new object, so readers may hold references.
 */
export class ObjectStore {
  private rv = 0;
  private readonly types = new Map<string, TypeState>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly historyLimit = DEFAULT_EVENT_HISTORY,
  ) {}

  /** The current (latest) resourceVersion of the cluster. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Registers a change listener; returns the function that removes it. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Returns the object or undefined. The result must not be mutated. */
  get(type: ResourceType, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.state(type)
      .byNamespace.get(namespace ?? '')
      ?.get(name);
  }

  /** Returns the object or throws a 404 ApiError. */
  mustGet(type: ResourceType, namespace: string | undefined, name: string): K8sObject {
    const obj = this.get(type, namespace, name);
    if (!obj) throw notFound(type, name);
    return obj;
  }

  /** Objects of a type, in one namespace or (undefined) all. The results must not be mutated. */
  list(type: ResourceType, namespace?: string): K8sObject[] {
    const s = this.state(type);
    if (namespace !== undefined) return [...(s.byNamespace.get(namespace)?.values() ?? [])];
    const out: K8sObject[] = [];
    for (const objs of s.byNamespace.values()) for (const o of objs.values()) out.push(o);
    return out;
  }

  /** Number of stored objects of a type. */
  count(type: ResourceType): number {
    return this.state(type).count;
  }

  /** Creates an object; 409 AlreadyExists when the name is taken. Fills uid, resourceVersion, generation, timestamps. */
  create(type: ResourceType, input: K8sObject): K8sObject {
    const ns = type.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const name = input.metadata.name;
    if (this.get(type, ns, name)) throw alreadyExists(type, name);
    const obj: K8sObject = {
      ...input,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      metadata: {
        ...input.metadata,
        ...(ns !== undefined ? { namespace: ns } : {}),
        uid: randomUUID(),
        generation: 1,
        creationTimestamp: this.now()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
      },
    };
    delete obj.metadata.resourceVersion;
    return this.commit(type, 'ADDED', obj, undefined);
  }

  /**
   * Replaces an object (PUT semantics). With `expectedRv`, a stale resourceVersion is a 409 Conflict.
   * `part` decides what may change: 'main' keeps the stored status, 'status' keeps everything but status.
   * The generation is bumped only when spec changes. A write that changes nothing commits nothing.
   */
  replace(type: ResourceType, input: K8sObject, part: WritePart = 'main', expectedRv?: string): K8sObject {
    const ns = type.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const name = input.metadata.name;
    const old = this.mustGet(type, ns, name);
    if (expectedRv !== undefined && expectedRv !== '' && expectedRv !== old.metadata.resourceVersion) {
      throw conflict(type, name);
    }
    let next: K8sObject;
    if (part === 'status' && type.statusSubresource) {
      next = { ...old, status: input.status };
      if (input.status === undefined) delete next.status;
    } else {
      next = {
        ...input,
        apiVersion: old.apiVersion,
        kind: old.kind,
        metadata: {
          ...input.metadata,
          namespace: old.metadata.namespace,
          name,
          uid: old.metadata.uid,
          creationTimestamp: old.metadata.creationTimestamp,
          generation: old.metadata.generation,
        },
      };
      if (ns === undefined) delete next.metadata.namespace;
      if (type.statusSubresource) {
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (!isDeepStrictEqual(next.spec, old.spec)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    if (isDeepStrictEqual(next, old)) return old;
    return this.commit(type, 'MODIFIED', next, old);
  }

  /** Deletes an object (404 when missing) and, like the garbage collector, the objects it owns. */
  delete(type: ResourceType, namespace: string | undefined, name: string): K8sObject {
    const old = this.mustGet(type, namespace, name);
    const deleted = this.commit(type, 'DELETED', { ...old, metadata: { ...old.metadata } }, old);
    return deleted;
  }

  /** Deletes every object of `type` in `namespace` that `ownerUid` controls (cascading delete). */
  deleteOwned(type: ResourceType, namespace: string, ownerUid: string): void {
    for (const o of this.list(type, namespace)) {
      if (o.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) this.delete(type, namespace, o.metadata.name);
    }
  }

  /**
   * Changes after `sinceRv` for a type, for watch resume; 410 Gone when they are no longer kept.
   * Filtering by namespace/selector is the caller's job.
   */
  changesSince(type: ResourceType, sinceRv: number): { rv: number; event: WatchEvent['type']; object: K8sObject }[] {
    const s = this.state(type);
    if (sinceRv < s.compactedRv) {
      throw gone(`too old resource version: ${sinceRv} (${s.compactedRv + 1})`);
    }
    let i = s.history.length;
    while (i > 0 && s.history[i - 1].rv > sinceRv) i--;
    return s.history.slice(i);
  }

  /** Drops the replayable history of every type (as an etcd compaction does); later resumes from older versions get 410. */
  compact(): void {
    for (const s of this.types.values()) {
      s.history = [];
      s.compactedRv = this.rv;
    }
  }

  private commit(type: ResourceType, event: StoreChange['event'], obj: K8sObject, previous?: K8sObject): K8sObject {
    const s = this.state(type);
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    const ns = obj.metadata.namespace ?? '';
    let objs = s.byNamespace.get(ns);
    if (event === 'DELETED') {
      objs?.delete(obj.metadata.name);
      if (objs && objs.size === 0) s.byNamespace.delete(ns);
      s.count--;
    } else {
      if (!objs) s.byNamespace.set(ns, (objs = new Map()));
      if (event === 'ADDED') s.count++;
      objs.set(obj.metadata.name, obj);
    }
    s.history.push({ rv, event, object: obj });
    if (s.history.length > this.historyLimit) {
      const drop = s.history.length - this.historyLimit;
      s.compactedRv = s.history[drop - 1].rv;
      s.history.splice(0, drop);
    }
    const change: StoreChange = { type, event, object: obj, previous, resourceVersion: rv };
    for (const l of this.listeners) l(change);
    if (event === 'DELETED' && obj.metadata.uid && type.namespaced) this.cascade(obj);
    return obj;
  }

  private cascade(owner: K8sObject): void {
    const uid = owner.metadata.uid!;
    for (const [key, s] of this.types) {
      const objs = s.byNamespace.get(owner.metadata.namespace ?? '');
      if (!objs) continue;
      for (const o of [...objs.values()]) {
        if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) {
          const t = this.typeByKey.get(key)!;
          this.delete(t, o.metadata.namespace, o.metadata.name);
        }
      }
    }
  }

  private readonly typeByKey = new Map<string, ResourceType>();

  private state(type: ResourceType): TypeState {
    const key = typeKey(type);
    let s = this.types.get(key);
    if (!s) {
      s = { byNamespace: new Map(), count: 0, history: [], compactedRv: 0 };
      this.types.set(key, s);
      this.typeByKey.set(key, type);
    }
    return s;
  }
}
