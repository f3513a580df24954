import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import type { LoadedKubeconfig } from '../connection/kubeconfig.loader.js';
import { errorFromException, errorFromResponse } from './kube-api.error.js';

/** One API request. `path` is relative to the cluster's server URL (which may carry a path prefix). */
export interface KubeRequest {
  method: 'GET' | 'PATCH';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
}

/** Sends one request, once. Resolves to the parsed JSON body; rejects with `KubeApiError`. */
export interface KubeTransport {
  send<T>(request: KubeRequest, signal?: AbortSignal): Promise<T>;
}

const JSON_TYPE = 'application/json';

/**
 * Sends requests the way client-node's own `Watch` does: a `RequestContext` authenticated by the `KubeConfig`
 * (tokens, client certificates, exec plugins, CA), sent through client-node's fetch library. One request path
 * for every call lets the client apply rate limits, timeouts and retries in one place, and keeps objects as the
 * exact JSON the server sent (typed deserialization drops unknown fields, which a pod template copied back by an
 * undo must not lose).
 */
export class ClientNodeTransport implements KubeTransport {
  private readonly kc: KubeConfig;
  private readonly server: string;
  private readonly http = new IsomorphicFetchHttpLibrary();
  // client-node builds a new TLS agent per call; reusing the first keeps connections alive across requests
  private dispatcher: unknown;

  constructor(
    loaded: LoadedKubeconfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.kc = loaded.kubeConfig;
    this.server = loaded.server;
  }

  async send<T>(request: KubeRequest, signal?: AbortSignal): Promise<T> {
    const url = new URL(this.server + request.path);
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), HttpMethod[request.method]);
    ctx.setHeaderParam('Accept', request.accept ?? JSON_TYPE);
    if (request.body !== undefined) {
      ctx.setHeaderParam('Content-Type', request.contentType ?? JSON_TYPE);
      ctx.setBody(JSON.stringify(request.body));
    }
    if (signal) ctx.setSignal(signal);
    let response;
    try {
      await this.kc.applySecurityAuthentication(ctx);
      if (this.dispatcher === undefined) this.dispatcher = ctx.getDispatcher();
      else ctx.setDispatcher(this.dispatcher as Parameters<RequestContext['setDispatcher']>[0]);
      response = await this.http.send(ctx).toPromise();
    } catch (e) {
      throw errorFromException(e, signal?.aborted === true && isTimeout(signal.reason));
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (e) {
      throw errorFromException(e, signal?.aborted === true && isTimeout(signal.reason));
    }
    const status = response.httpStatusCode;
    if (status < 200 || status >= 300)
      throw errorFromResponse(status, text, response.headers['retry-after'], this.now());
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function isTimeout(reason: unknown): boolean {
  return (reason as { name?: string })?.name === 'TimeoutError';
}
