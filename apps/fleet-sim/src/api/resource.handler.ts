import { randomBytes } from 'node:crypto';
import type { K8sObject } from '../store/k8s.types.js';
import { apiVersionOf, NAMESPACES, type ResourceType } from '../store/resource.registry.js';
import type { VirtualCluster } from '../sim/virtual.cluster.js';
import { parseFieldSelector, parseLabelSelector } from './label-selector.js';
import { applyPatchBody } from './patch.js';
import { ApiError, badRequest, conflict, methodNotAllowed, notFound } from './status.js';
import { validateWrite } from './write.validation.js';

/** A parsed request for a resource path (not a watch). */
export interface ResourceRequest {
  method: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  contentType?: string;
  body?: unknown;
  /** True when the client asked for PartialObjectMetadata (metadata-only reads). */
  metadataOnly: boolean;
}

/** Status code and JSON body to send. */
export interface ApiResponse {
  code: number;
  body: unknown;
}

const GENERATE_NAME_SUFFIX_BYTES = 3;

/** Serves get, list, create, update, patch and delete for one cluster. Throws ApiError for failures. */
export function handleResource(cluster: VirtualCluster, req: ResourceRequest): ApiResponse {
  const { type, name, subresource } = req;
  if (subresource !== undefined && !(subresource === 'status' && type.statusSubresource)) {
    throw notFound(type, `${name}/${subresource}`);
  }
  switch (req.method) {
    case 'GET':
      if (name === undefined) {
        cluster.count('list');
        return { code: 200, body: list(cluster, req) };
      }
      cluster.count('get');
      return { code: 200, body: shape(cluster.store.mustGet(type, req.namespace, name), req) };
    case 'POST':
      if (name !== undefined) throw methodNotAllowed();
      cluster.count('create');
      return { code: 201, body: create(cluster, req) };
    case 'PUT':
      if (name === undefined) throw methodNotAllowed();
      cluster.count('update');
      return { code: 200, body: update(cluster, req) };
    case 'PATCH':
      if (name === undefined) throw methodNotAllowed();
      cluster.count('patch');
      return { code: 200, body: patch(cluster, req) };
    case 'DELETE':
      cluster.count('delete');
      if (name === undefined) {
        for (const o of cluster.store.list(type, req.namespace))
          cluster.store.delete(type, o.metadata.namespace, o.metadata.name);
        return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' } };
      }
      return { code: 200, body: cluster.store.delete(type, req.namespace, name) };
    default:
      throw methodNotAllowed();
  }
}

function list(cluster: VirtualCluster, req: ResourceRequest): unknown {
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'));
  let items = cluster.store.list(req.type, req.namespace).filter((o) => labels(o.metadata.labels ?? {}) && fields(o));
  const rv = String(cluster.store.resourceVersion);
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  const limit = Number(req.query.get('limit') ?? 0);
  if (limit > 0) {
    items.sort((a, b) => key(a).localeCompare(key(b)));
    const after = req.query.get('continue');
    if (after) {
      const last = Buffer.from(after, 'base64url').toString();
      items = items.filter((o) => key(o) > last);
    }
    if (items.length > limit) {
      items = items.slice(0, limit);
      metadata.continue = Buffer.from(key(items[items.length - 1])).toString('base64url');
      metadata.remainingItemCount = 0;
    }
  }
  if (req.metadataOnly) {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata,
      items: items.map((o) => shape(o, req)),
    };
  }
  return { kind: `${req.type.kind}List`, apiVersion: apiVersionOf(req.type), metadata, items };
}

const key = (o: K8sObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function shape(o: K8sObject, req: ResourceRequest): unknown {
  if (!req.metadataOnly) return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

function create(cluster: VirtualCluster, req: ResourceRequest): K8sObject {
  const obj = asObject(req.body);
  obj.metadata = { ...(obj.metadata ?? {}) } as K8sObject['metadata'];
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') {
    obj.metadata.name = `${obj.metadata.generateName}${randomBytes(GENERATE_NAME_SUFFIX_BYTES).toString('hex').slice(0, 5)}`;
  }
  applyNamespace(req, obj);
  checkNamespaceExists(cluster, req.type, obj.metadata.namespace);
  const admitted = admit(cluster, req.type, obj);
  validateWrite(req.type, admitted);
  return cluster.store.create(req.type, admitted);
}

function update(cluster: VirtualCluster, req: ResourceRequest): K8sObject {
  const obj = asObject(req.body);
  if (!obj.metadata || obj.metadata.name !== req.name) {
    throw badRequest(`the name of the object (${obj.metadata?.name}) does not match the name on the URL (${req.name})`);
  }
  applyNamespace(req, obj);
  const old = cluster.store.mustGet(req.type, req.namespace, req.name);
  const part = req.subresource === 'status' ? 'status' : 'main';
  const admitted = part === 'main' ? admit(cluster, req.type, obj, old) : obj;
  validateWrite(req.type, part === 'status' ? { ...old, status: admitted.status } : admitted);
  return cluster.store.replace(req.type, admitted, part, obj.metadata.resourceVersion ?? '');
}

function patch(cluster: VirtualCluster, req: ResourceRequest): K8sObject {
  const old = cluster.store.mustGet(req.type, req.namespace, req.name!);
  const patched = applyPatchBody(old, req.contentType, req.body) as K8sObject;
  if (!patched || typeof patched !== 'object' || !patched.metadata)
    throw badRequest('patch removed the object metadata');
  const rv = patched.metadata.resourceVersion;
  if (rv !== undefined && rv !== old.metadata.resourceVersion) throw conflict(req.type, req.name!);
  if (patched.metadata.name !== old.metadata.name) throw badRequest('metadata.name cannot be changed by a patch');
  const part = req.subresource === 'status' ? 'status' : 'main';
  const admitted = part === 'main' ? admit(cluster, req.type, patched, old) : patched;
  validateWrite(req.type, part === 'status' ? { ...old, status: admitted.status } : admitted);
  return cluster.store.replace(req.type, admitted, part);
}

function admit(cluster: VirtualCluster, type: ResourceType, obj: K8sObject, old?: K8sObject): K8sObject {
  let out = obj;
  for (const hook of cluster.admission) out = hook(cluster, type, out, old);
  return out;
}

function applyNamespace(req: ResourceRequest, obj: K8sObject): void {
  if (!req.type.namespaced) return;
  if (obj.metadata.namespace && req.namespace && obj.metadata.namespace !== req.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = req.namespace ?? obj.metadata.namespace ?? 'default';
}

function checkNamespaceExists(cluster: VirtualCluster, type: ResourceType, namespace?: string): void {
  if (!type.namespaced || namespace === undefined) return;
  if (!cluster.store.get(NAMESPACES, undefined, namespace)) throw notFound(NAMESPACES, namespace);
}

function asObject(body: unknown): K8sObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('request body must be a JSON object');
  return structuredClone(body) as K8sObject;
}

export { ApiError };
