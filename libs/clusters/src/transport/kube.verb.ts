import type { KubeRequest } from './kube.transport.js';

/** A request's verb as Kubernetes names it (and its audit log and apiserver metrics count it). */
export type KubeVerb = 'get' | 'list' | 'watch' | 'patch';

/** Told of every request sent to a cluster's API server, once per attempt (a retry is another request). */
export type KubeRequestObserver = (cluster: string, verb: KubeVerb) => void;

// a compile error here when KubeRequest gains a method without a verb
const WRITE_VERBS: Record<Exclude<KubeRequest['method'], 'GET'>, KubeVerb> = { PATCH: 'patch' };

/** Segments before the resource in `/api/<version>/...` and `/apis/<group>/<version>/...`. */
const GROUP_VERSION_SEGMENTS: Record<string, number> = { api: 2, apis: 3 };

/**
 * The verb of `request`: a GET of a collection (`.../rollouts`, `.../namespaces/<ns>/pods`) is a list, of one object
 * or subresource (and of a discovery document) a get, and with `watch` in the query a watch.
 */
export function kubeVerbOf(request: KubeRequest): KubeVerb {
  if (request.method !== 'GET') return WRITE_VERBS[request.method];
  if (request.query?.watch) return 'watch';
  const segments = request.path.split('/').filter(Boolean);
  const prefix = GROUP_VERSION_SEGMENTS[segments[0]];
  if (prefix === undefined) return 'get';
  let resource = segments.slice(prefix);
  if (resource[0] === 'namespaces' && resource.length > 2) resource = resource.slice(2);
  return resource.length === 1 ? 'list' : 'get';
}
