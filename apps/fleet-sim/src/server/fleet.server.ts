import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { discovery } from '../api/discovery.handler.js';
import { parseApiPath } from '../api/request.path.js';
import { handleResource } from '../api/resource.handler.js';
import { ApiError, badRequest, serviceUnavailable, tooManyRequests, unauthorized } from '../api/status.js';
import type { WatchHub } from '../api/watch.handler.js';
import type { VirtualCluster } from '../sim/virtual.cluster.js';
import type { TlsMaterial } from './tls.js';

/** How a cluster's API misbehaves during an API fault. */
export type ApiFaultMode =
  { mode: 'unavailable' } | { mode: 'timeout' } | { mode: 'throttle'; retryAfterSeconds: number };

/** Idle keep-alive of client connections (kube-apiserver's Go server keeps them 90 s). */
const KEEP_ALIVE_MS = 90_000;
const HEADERS_TIMEOUT_MARGIN_MS = 1_000;

/** Response of a control route. */
export interface ControlResponse {
  code: number;
  body: unknown;
}

/** What the HTTP server needs from the rest of the simulator. */
export interface ServerDeps {
  clusters: ReadonlyMap<string, VirtualCluster>;
  hubs: ReadonlyMap<string, WatchHub>;
  /** The active API fault of a cluster, if any. */
  apiFault(cluster: string): ApiFaultMode | undefined;
  /** Prometheus text for a cluster, or undefined during a metrics outage (answered with 503). */
  metrics(cluster: string): string | undefined;
  /** Handles `/control/...` (path without the `/control` prefix). */
  control(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): Promise<ControlResponse> | ControlResponse;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const CLUSTER_PREFIX = /^\/clusters\/([^/]+)(\/.*)?$/;
const METADATA_ONLY = /as=PartialObjectMetadata/;

/** The one HTTP server of the fleet: every virtual cluster under `/clusters/<name>`, control under `/control`. */
export class FleetServer {
  private readonly server: Server;
  private readonly held = new Set<ServerResponse>();

  constructor(
    private readonly deps: ServerDeps,
    tls?: TlsMaterial,
  ) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res).catch((e) => sendError(res, e));
    };
    this.server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
    // Keep idle connections longer than clients do (undici ~4 s, Go's transport 90 s), as kube-apiserver does: a server
    // that closes first races the client's next request on the socket (ECONNRESET under load). close() ends them all.
    this.server.keepAliveTimeout = KEEP_ALIVE_MS;
    this.server.headersTimeout = KEEP_ALIVE_MS + HEADERS_TIMEOUT_MARGIN_MS;
  }

  /** Listens (port 0 = ephemeral) and returns the bound port. */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Ends watches and held requests, then closes the server. */
  async close(): Promise<void> {
    for (const hub of this.deps.hubs.values()) hub.closeAll();
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fleet-sim');
    const method = req.method ?? 'GET';
    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
    if (url.pathname.startsWith('/control/') || url.pathname === '/control') {
      const body = await readBody(req);
      const out = await this.deps.control(method, url.pathname.slice('/control'.length) || '/', url.searchParams, body);
      return sendJson(res, out.code, out.body);
    }
    const m = CLUSTER_PREFIX.exec(url.pathname);
    const cluster = m ? this.deps.clusters.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !cluster) return sendJson(res, 404, { message: `no such path ${url.pathname}` });
    const rest = m[2] ?? '/';
    if (rest === '/metrics') {
      const text = this.deps.metrics(cluster.name);
      if (text === undefined) return sendError(res, serviceUnavailable());
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(text);
      return;
    }
    if (req.headers.authorization !== `Bearer ${cluster.token}`) return sendError(res, unauthorized());
    const fault = this.deps.apiFault(cluster.name);
    if (fault?.mode === 'unavailable') return sendError(res, serviceUnavailable());
    if (fault?.mode === 'throttle') return sendError(res, tooManyRequests(fault.retryAfterSeconds));
    if (fault?.mode === 'timeout') {
      // never answer: the client's own timeout fires, as with an unreachable API server
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    await this.serveApi(cluster, method, rest, url.searchParams, req, res);
  }

  private async serveApi(
    cluster: VirtualCluster,
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const parsed = parseApiPath(path);
    if (parsed.kind === 'unknown') {
      return sendError(res, new ApiError(404, 'NotFound', 'the server could not find the requested resource'));
    }
    if (parsed.kind === 'discovery') {
      const body = discovery(parsed.root, parsed.group, parsed.version);
      if (body === undefined)
        return sendError(res, new ApiError(404, 'NotFound', 'the server could not find the requested resource'));
      return sendJson(res, 200, body);
    }
    const watch = query.get('watch');
    if (method === 'GET' && parsed.name === undefined && (watch === 'true' || watch === '1')) {
      cluster.count('watch');
      this.deps.hubs.get(cluster.name)!.start({ type: parsed.type, namespace: parsed.namespace, query }, res);
      return;
    }
    const body = method === 'GET' || method === 'DELETE' ? undefined : await readBody(req);
    const out = handleResource(cluster, {
      method,
      type: parsed.type,
      namespace: parsed.namespace,
      name: parsed.name,
      subresource: parsed.subresource,
      query,
      contentType: req.headers['content-type'],
      body,
      metadataOnly: METADATA_ONLY.test(req.headers.accept ?? ''),
    });
    sendJson(res, out.code, out.body);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'RequestEntityTooLarge', 'request body too large');
    chunks.push(c as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const err =
    e instanceof ApiError ? e : new ApiError(500, 'InternalError', `internal error: ${(e as Error)?.message ?? e}`);
  const text = JSON.stringify(err.toStatus());
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  };
  if (err.retryAfterSeconds !== undefined) headers['Retry-After'] = err.retryAfterSeconds;
  res.writeHead(err.code, headers);
  res.end(text);
}
