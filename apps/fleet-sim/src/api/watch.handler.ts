import type { ServerResponse } from 'node:http';
import type { StoreChange } from '../store/object.store.js';
import type { K8sObject, WatchEvent } from '../store/k8s.types.js';
import { apiVersionOf, type ResourceType } from '../store/resource.registry.js';
import type { VirtualCluster } from '../sim/virtual.cluster.js';
import { parseFieldSelector, parseLabelSelector } from './label-selector.js';
import { badRequest } from './status.js';

/** How often a watch with allowWatchBookmarks gets a BOOKMARK (client-node gives up after 30 s of silence). */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 10_000;

/** Options of a watch request (query parameters). */
export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  query: URLSearchParams;
}

interface Watcher {
  namespace?: string;
  matches: (o: K8sObject) => boolean;
  send: (e: WatchEvent) => void;
  stop: () => void;
}

/**
 * Streams watch events for one cluster as NDJSON (one `{type, object}` per line), as the API server does:
 * no resourceVersion (or "0") → ADDED for every current object first; a resourceVersion → the changes after it,
 * or 410 Expired when they are no longer kept (thrown before any byte is written, so it becomes an HTTP 410).
 */
export class WatchHub {
  private readonly watchers = new Map<ResourceType, Set<Watcher>>();

  constructor(
    private readonly cluster: VirtualCluster,
    private readonly bookmarkIntervalMs = DEFAULT_BOOKMARK_INTERVAL_MS,
  ) {
    cluster.store.onChange((c) => this.dispatch(c));
  }

  /** Number of open watches (for tests and stats). */
  get size(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  /** Starts a watch on `res`; throws ApiError (e.g. 410) before writing headers when it cannot start. */
  start(req: WatchRequest, res: ServerResponse): void {
    const labels = parseLabelSelector(req.query.get('labelSelector'));
    const fields = parseFieldSelector(req.query.get('fieldSelector'));
    const matches = (o: K8sObject): boolean => labels(o.metadata.labels ?? {}) && fields(o);
    const inNs = (o: K8sObject): boolean => req.namespace === undefined || o.metadata.namespace === req.namespace;
    const rvParam = req.query.get('resourceVersion');
    const store = this.cluster.store;
    let backlog: WatchEvent[];
    if (!rvParam || rvParam === '0') {
      backlog = store
        .list(req.type, req.namespace)
        .filter(matches)
        .map((object) => ({ type: 'ADDED' as const, object }));
    } else {
      const since = Number(rvParam);
      if (!Number.isInteger(since) || since < 0) throw badRequest(`invalid resourceVersion "${rvParam}"`);
      backlog = store
        .changesSince(req.type, since)
        .filter((c) => inNs(c.object) && matches(c.object))
        .map((c) => ({ type: c.event, object: c.object }));
    }
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache',
    });
    res.flushHeaders();
    const send = (e: WatchEvent): void => {
      res.write(`${JSON.stringify(e)}\n`);
    };
    backlog.forEach(send);
    let set = this.watchers.get(req.type);
    if (!set) this.watchers.set(req.type, (set = new Set()));
    const timers: NodeJS.Timeout[] = [];
    const stop = (): void => {
      set!.delete(watcher);
      timers.forEach((t) => clearTimeout(t));
      if (!res.writableEnded) res.end();
    };
    const watcher: Watcher = { namespace: req.namespace, matches, send, stop };
    set.add(watcher);
    if (req.query.get('allowWatchBookmarks') === 'true') {
      const t = setInterval(() => send(this.bookmark(req.type)), this.bookmarkIntervalMs);
      t.unref();
      timers.push(t);
    }
    const timeoutSeconds = Number(req.query.get('timeoutSeconds') ?? 0);
    if (timeoutSeconds > 0) {
      const t = setTimeout(stop, timeoutSeconds * 1000);
      t.unref();
      timers.push(t);
    }
    res.on('close', stop);
  }

  /** Ends every open watch (the server closed the streams; clients re-watch from their last resourceVersion). */
  closeAll(): void {
    for (const set of this.watchers.values()) for (const w of [...set]) w.stop();
  }

  private bookmark(type: ResourceType): WatchEvent {
    return {
      type: 'BOOKMARK',
      object: {
        kind: type.kind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(this.cluster.store.resourceVersion) },
      },
    };
  }

  private dispatch(c: StoreChange): void {
    const set = this.watchers.get(c.type);
    if (!set || set.size === 0) return;
    for (const w of set) {
      if (w.namespace !== undefined && c.object.metadata.namespace !== w.namespace) continue;
      const now = w.matches(c.object);
      const before = c.previous !== undefined && c.event === 'MODIFIED' ? w.matches(c.previous) : now;
      if (c.event === 'MODIFIED' && before !== now) {
        // a label change moves the object into or out of the selector: the watcher sees it appear or vanish
        w.send({ type: now ? 'ADDED' : 'DELETED', object: c.object });
      } else if (now) {
        w.send({ type: c.event, object: c.object });
      }
    }
  }
}
