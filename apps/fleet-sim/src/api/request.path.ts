import { findType, NAMESPACES, type ResourceType } from '../store/resource.registry.js';

/** A Kubernetes API path, parsed. */
export type ApiPath =
  | { kind: 'discovery'; group?: string; version?: string; root: 'api' | 'apis' | 'version' }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
    }
  | { kind: 'unknown' };

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * Parses the part of a URL path after the cluster prefix:
 * `/api/v1/...`, `/apis/<group>/<version>/...`, `/api`, `/apis`, `/version`.
 */
export function parseApiPath(path: string): ApiPath {
  const seg = path
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  if (seg.length === 0) return { kind: 'unknown' };
  if (seg[0] === 'version' && seg.length === 1) return { kind: 'discovery', root: 'version' };
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (seg[0] === 'api') {
    group = '';
    version = seg[1];
    rest = seg.slice(2);
  } else if (seg[0] === 'apis') {
    group = seg[1];
    version = seg[2];
    rest = seg.slice(3);
  } else return { kind: 'unknown' };
  if (version === undefined || (seg[0] === 'apis' && group === undefined)) {
    return { kind: 'discovery', root: seg[0], group: seg[0] === 'apis' ? group : undefined };
  }
  if (rest.length === 0) return { kind: 'discovery', root: seg[0], group, version };
  if (rest[0] === 'namespaces' && (rest.length >= 4 || (rest.length === 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])))) {
    const type = findType(group, version, rest[2]);
    if (!type || !type.namespaced) return { kind: 'unknown' };
    return { kind: 'resource', type, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const type = rest[0] === 'namespaces' && group === '' ? NAMESPACES : findType(group, version, rest[0]);
  if (!type || rest.length > 3) return { kind: 'unknown' };
  return { kind: 'resource', type, name: rest[1], subresource: rest[2] };
}
