import { allReplicaSetsPath, replicaSetsPath } from '../kube/api.paths.js';
import { LABEL_POD_TEMPLATE_HASH } from '../kube/kube.constants.js';
import type { KubeList, ReplicaSetObject } from '../kube/kube.types.js';
import type { KubeClient } from '../transport/kube.client.js';

/** When a cluster's ReplicaSets are listed whole, and for how long one list answers. */
export interface ReplicaSetSnapshotOptions {
  /** a list (of a namespace, or of the cluster) answers the reads that come within this long of it */
  maxAgeMs: number;
  /** distinct namespaces of one cluster asked within `maxAgeMs` from which the cluster is listed whole */
  namespacesForClusterList: number;
  /** page size of the cluster-wide list */
  pageSize: number;
}

export const DEFAULT_REPLICA_SET_SNAPSHOTS: ReplicaSetSnapshotOptions = {
  maxAgeMs: 30_000,
  namespacesForClusterList: 4,
  pageSize: 500,
};

interface Listed<T> {
  /** when the list was complete; undefined while it is being read (then every read waits for it) */
  listedAt?: number;
  value: Promise<T>;
}

interface ClusterReads {
  /** namespace → when it was last asked (the demand that decides for a cluster-wide list) */
  asked: Map<string, number>;
  byNamespace: Map<string, Listed<ReplicaSetObject[]>>;
  whole?: Listed<Map<string, ReplicaSetObject[]>>;
}

/**
 * The ReplicaSets rollback reads plan undos from (the revision running the previous image, and its pod template).
 * One rollback lists its namespace's ReplicaSets; a halt that rolls back hundreds of environments of one cluster at
 * once would spend one LIST per environment, twice (safety check, then revert), under the rate limit its writes
 * need. So reads of a cluster share their lists: a namespace's list answers every read of it while it is read and
 * for `maxAgeMs` after, and once `namespacesForClusterList` namespaces of the cluster are asked within that time,
 * the cluster is listed whole (every Rollout-made ReplicaSet, paginated; never two at once) and that list answers
 * every namespace while it is read and for `maxAgeMs` after. Age counts from a list's end: a list that waited its
 * turn behind the cluster's rate limit must not be stale on arrival, or every read would start another. A snapshot that
 * old is as fresh as a read queued behind a few seconds of writes, and what undo looks for (the ReplicaSet of the
 * image before the train) is older still: a ReplicaSet too new for the snapshot runs an image the Rollout was just
 * set to, and an undo to the image the Rollout runs is a noop before any ReplicaSet is looked at. The default age
 * covers one burst: a halt's reverts of one cluster, 1,200 writes at 40 requests/s (at 5 s, a 20 s burst of 800
 * relisted a 2,400-ReplicaSet cluster six times, five pages each, inside the rate limit its writes needed). A failed
 * list is not kept. Holds only ReplicaSet metadata and templates.
 */
export class ReplicaSetSnapshots {
  private readonly clusters = new WeakMap<KubeClient, ClusterReads>();

  constructor(
    private readonly options: ReplicaSetSnapshotOptions = DEFAULT_REPLICA_SET_SNAPSHOTS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The ReplicaSets of `namespace` in the client's cluster. `signal` cancels this read's wait, not a shared list. */
  async of(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<ReplicaSetObject[]> {
    const now = this.clock();
    const reads = this.readsOf(client);
    const fresh = (l: Listed<unknown> | undefined): boolean =>
      l !== undefined && (l.listedAt === undefined || now - l.listedAt <= this.options.maxAgeMs);
    if (fresh(reads.whole)) return (await cancellable(reads.whole!.value, signal)).get(namespace) ?? [];
    reads.asked.set(namespace, now);
    for (const [ns, at] of reads.asked) if (now - at > this.options.maxAgeMs) reads.asked.delete(ns);
    if (reads.asked.size >= this.options.namespacesForClusterList) {
      const whole = this.listWhole(reads, client);
      reads.byNamespace.clear();
      return (await cancellable(whole.value, signal)).get(namespace) ?? [];
    }
    const kept = reads.byNamespace.get(namespace);
    if (kept && fresh(kept)) return cancellable(kept.value, signal);
    for (const [ns, l] of reads.byNamespace) if (!fresh(l)) reads.byNamespace.delete(ns);
    const listed: Listed<ReplicaSetObject[]> = this.remember(this.listNamespace(client, namespace), () => {
      if (reads.byNamespace.get(namespace) === listed) reads.byNamespace.delete(namespace);
    });
    reads.byNamespace.set(namespace, listed);
    return cancellable(listed.value, signal);
  }

  private readsOf(client: KubeClient): ClusterReads {
    let reads = this.clusters.get(client);
    if (!reads) {
      reads = { asked: new Map(), byNamespace: new Map() };
      this.clusters.set(client, reads);
    }
    return reads;
  }

  private listWhole(reads: ClusterReads, client: KubeClient): Listed<Map<string, ReplicaSetObject[]>> {
    const whole: Listed<Map<string, ReplicaSetObject[]>> = this.remember(this.listCluster(client), () => {
      if (reads.whole === whole) reads.whole = undefined;
    });
    reads.whole = whole;
    // drop the snapshot once it is too old to answer, so a halt's lists do not stay in memory
    whole.value.then(
      () => setTimeout(() => reads.whole === whole && (reads.whole = undefined), this.options.maxAgeMs + 1).unref(),
      () => undefined,
    );
    return whole;
  }

  /** A list being read: stamped when complete; `forget` when it fails (a failed list is not kept). */
  private remember<T>(value: Promise<T>, forget: () => void): Listed<T> {
    const listed: Listed<T> = { value };
    value.then(
      () => (listed.listedAt = this.clock()),
      () => forget(),
    );
    return listed;
  }

  private async listNamespace(client: KubeClient, namespace: string): Promise<ReplicaSetObject[]> {
    const list = await client.request<KubeList<ReplicaSetObject>>({ method: 'GET', path: replicaSetsPath(namespace) });
    return (list.items ?? []).map(trim);
  }

  private async listCluster(client: KubeClient): Promise<Map<string, ReplicaSetObject[]>> {
    const byNamespace = new Map<string, ReplicaSetObject[]>();
    let next: string | undefined;
    do {
      const page = await client.request<KubeList<ReplicaSetObject>>({
        method: 'GET',
        path: allReplicaSetsPath,
        // every ReplicaSet a Rollout made carries the hash label; a Deployment's carry `pod-template-hash`
        query: { labelSelector: LABEL_POD_TEMPLATE_HASH, limit: this.options.pageSize, continue: next },
      });
      for (const rs of page.items ?? []) {
        const ns = rs.metadata?.namespace ?? '';
        const list = byNamespace.get(ns);
        if (list) list.push(trim(rs));
        else byNamespace.set(ns, [trim(rs)]);
      }
      next = page.metadata?.continue || undefined;
    } while (next);
    return byNamespace;
  }
}

/** What undo reads of a ReplicaSet: its metadata (owner, revision, name) and pod template; not its status. */
function trim(rs: ReplicaSetObject): ReplicaSetObject {
  const { managedFields: _managed, ...metadata } = rs.metadata ?? {};
  return { apiVersion: rs.apiVersion, kind: rs.kind, metadata, spec: { template: rs.spec?.template } };
}

/** `value`, or a rejection as soon as `signal` aborts (the shared work goes on for the others). */
function cancellable<T>(value: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return value;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
