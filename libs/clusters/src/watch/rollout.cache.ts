import type { RolloutObject } from '../kube/kube.types.js';
import { ANNOTATION_CUSTOMER_REVISION, ANNOTATION_LAST_APPLIED, LABEL_ENVIRONMENT } from '../kube/kube.constants.js';
import { objectKey } from '../kube/rollout.accessors.js';
import type { ClusterWatchEvent } from './watch.events.js';

/**
 * The Rollouts of one cluster as last seen by its watch (an informer's store). Applying a watch event or a relist
 * returns the events to emit. Objects are kept whole (patches are built from them) except for `managedFields`
 * and the last-applied annotation, which are copies of the object and would double the memory.
 */
export class RolloutCache {
  private readonly objects = new Map<string, RolloutObject>();

  constructor(private readonly cluster: string) {}

  get size(): number {
    return this.objects.size;
  }

  get(namespace: string, name: string): RolloutObject | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }

  values(): IterableIterator<RolloutObject> {
    return this.objects.values();
  }

  /** Applies one ADDED / MODIFIED / DELETED watch event. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: RolloutObject, now: Date): ClusterWatchEvent[] {
    const key = objectKey(object);
    const previous = this.objects.get(key);
    if (type === 'DELETED') {
      this.objects.delete(key);
      return [this.changed('deleted', previous ?? object)];
    }
    const next = trim(object);
    this.objects.set(key, next);
    return this.diff(previous, next, now);
  }

  /** Replaces the content with a full list (after a 410 or at start) and returns the differences as events. */
  replace(items: readonly RolloutObject[], now: Date): ClusterWatchEvent[] {
    const out: ClusterWatchEvent[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const key = objectKey(item);
      seen.add(key);
      const previous = this.objects.get(key);
      if (previous && previous.metadata?.resourceVersion === item.metadata?.resourceVersion) continue;
      const next = trim(item);
      this.objects.set(key, next);
      out.push(...this.diff(previous, next, now));
    }
    for (const [key, previous] of [...this.objects]) {
      if (seen.has(key)) continue;
      this.objects.delete(key);
      out.push(this.changed('deleted', previous));
    }
    return out;
  }

  private diff(previous: RolloutObject | undefined, next: RolloutObject, now: Date): ClusterWatchEvent[] {
    const out: ClusterWatchEvent[] = [this.changed(previous ? 'modified' : 'added', next)];
    const from = revision(previous);
    const to = revision(next);
    if (previous && from !== to) {
      out.push({
        type: 'customer-revision-changed',
        cluster: this.cluster,
        namespace: next.metadata?.namespace ?? '',
        name: next.metadata?.name ?? '',
        environment: next.metadata?.labels?.[LABEL_ENVIRONMENT] ?? null,
        from,
        to,
        observedAt: now,
      });
    }
    return out;
  }

  private changed(change: 'added' | 'modified' | 'deleted', rollout: RolloutObject): ClusterWatchEvent {
    return {
      type: 'rollout-changed',
      cluster: this.cluster,
      change,
      namespace: rollout.metadata?.namespace ?? '',
      name: rollout.metadata?.name ?? '',
      environment: rollout.metadata?.labels?.[LABEL_ENVIRONMENT] ?? null,
      rollout,
    };
  }
}

const revision = (ro: RolloutObject | undefined): string | null =>
  ro?.metadata?.annotations?.[ANNOTATION_CUSTOMER_REVISION] ?? null;

function trim(ro: RolloutObject): RolloutObject {
  const metadata = ro.metadata;
  if (!metadata || (metadata.managedFields === undefined && !metadata.annotations?.[ANNOTATION_LAST_APPLIED]))
    return ro;
  const { managedFields: _drop, ...rest } = metadata;
  const annotations = rest.annotations ? { ...rest.annotations } : undefined;
  if (annotations) delete annotations[ANNOTATION_LAST_APPLIED];
  return { ...ro, metadata: { ...rest, ...(annotations ? { annotations } : {}) } };
}
