import { afterEach, describe, expect, it } from '@jest/globals';
import { ClusterHealthTracker } from '../health/cluster-health.js';
import { KubeApiError, errorFromResponse, parseRetryAfter } from './kube-api.error.js';
import { KubeClient, type KubeClientOptions } from './kube.client.js';
import type { KubeRequest, KubeTransport } from './kube.transport.js';

const T0 = new Date('2026-11-22T07:00:00Z');
const request: KubeRequest = { method: 'GET', path: '/apis/argoproj.io/v1alpha1/rollouts' };
const options: KubeClientOptions = {
  rateLimit: { qps: 1000, burst: 1000 },
  requestTimeoutMs: 1000,
  retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
};

/** A transport that answers from a script, one entry per call. */
class ScriptedTransport implements KubeTransport {
  readonly calls: KubeRequest[] = [];
  constructor(private readonly script: (KubeApiError | unknown)[]) {}
  async send<T>(req: KubeRequest): Promise<T> {
    this.calls.push(req);
    const next = this.script.length > 1 ? this.script.shift() : this.script[0];
    if (next instanceof Error) throw next;
    return next as T;
  }
}

const clients: KubeClient[] = [];
function client(transport: KubeTransport, opts = options): { client: KubeClient; health: ClusterHealthTracker } {
  const health = new ClusterHealthTracker('eu-1', () => T0);
  const c = new KubeClient('eu-1', transport, health, opts, () => 0.5);
  clients.push(c);
  return { client: c, health };
}
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});

const throttled = (retryAfterMs?: number) =>
  new KubeApiError('throttled', 'HTTP 429', 429, 'TooManyRequests', retryAfterMs);
const unavailable = () => new KubeApiError('server', 'HTTP 503', 503, 'ServiceUnavailable');

describe('KubeClient', () => {
  it.each([
    {
      name: '429 with Retry-After, then success',
      script: [throttled(1), { ok: 1 }],
      calls: 2,
      resolves: true,
      health: 'reachable',
    },
    {
      name: '503 twice, then success',
      script: [unavailable(), unavailable(), { ok: 1 }],
      calls: 3,
      resolves: true,
      health: 'reachable',
    },
    {
      name: '503 every time: gives up after maxAttempts',
      script: [unavailable()],
      calls: 3,
      resolves: false,
      health: 'unreachable',
    },
    {
      name: 'no answer every time',
      script: [new KubeApiError('unreachable', 'ECONNREFUSED')],
      calls: 3,
      resolves: false,
      health: 'unreachable',
    },
    {
      name: '409 is not retried',
      script: [new KubeApiError('conflict', 'HTTP 409', 409)],
      calls: 1,
      resolves: false,
      health: 'reachable',
    },
    {
      name: '422 is not retried',
      script: [new KubeApiError('invalid', 'HTTP 422', 422)],
      calls: 1,
      resolves: false,
      health: 'reachable',
    },
    {
      name: '404 is not retried',
      script: [new KubeApiError('not-found', 'HTTP 404', 404)],
      calls: 1,
      resolves: false,
      health: 'reachable',
    },
  ])('$name', async ({ script, calls, resolves, health: state }) => {
    const transport = new ScriptedTransport(script);
    const { client: c, health } = client(transport);
    const outcome = c.request(request).then(
      () => 'resolved',
      (e: unknown) => (e instanceof KubeApiError ? 'rejected' : 'rejected-with-foreign-error'),
    );
    await expect(outcome).resolves.toBe(resolves ? 'resolved' : 'rejected');
    expect(transport.calls).toHaveLength(calls);
    expect(health.snapshot().state).toBe(state);
  });

  it('tells onRequest of every attempt sent, with the cluster and the verb, retries included', async () => {
    const seen: string[] = [];
    const onRequest = (cluster: string, verb: string) => seen.push(`${cluster} ${verb}`);
    const { client: c } = client(new ScriptedTransport([unavailable(), { ok: 1 }]), { ...options, onRequest });
    await c.request(request);
    await c.request({ method: 'PATCH', path: '/apis/argoproj.io/v1alpha1/namespaces/env-1/rollouts/author' });
    expect(seen).toEqual(['eu-1 list', 'eu-1 list', 'eu-1 patch']);
  });

  it('does not tell onRequest of a request cancelled before it was sent', async () => {
    const seen: string[] = [];
    const { client: c } = client(new ScriptedTransport([{ ok: 1 }]), { ...options, onRequest: (_, v) => seen.push(v) });
    await expect(c.request(request, AbortSignal.abort())).rejects.toBeInstanceOf(KubeApiError);
    expect(seen).toEqual([]);
  });

  it('records since when a cluster is unreachable, and keeps it across failures', async () => {
    const transport = new ScriptedTransport([unavailable()]);
    const { client: c, health } = client(transport);
    await c.request(request).catch(() => undefined);
    await c.request(request).catch(() => undefined);
    expect(health.snapshot()).toMatchObject({
      state: 'unreachable',
      since: T0,
      consecutiveFailures: 2,
      lastError: 'HTTP 503',
    });
  });

  it('close() rejects the requests still waiting for the limiter instead of leaving them pending', async () => {
    const { client: c } = client(new ScriptedTransport([{ ok: 1 }]), {
      ...options,
      rateLimit: { qps: 0.01, burst: 1 },
    });
    await expect(c.request(request)).resolves.toEqual({ ok: 1 });
    const waiting = [c.request(request), c.request(request)];
    c.close();
    for (const w of waiting) await expect(w).rejects.toMatchObject({ message: expect.stringContaining('closed') });
    await expect(c.request(request)).rejects.toMatchObject({ message: expect.stringContaining('closed') });
  });

  it('sends at most burst requests before the bucket refills', async () => {
    let started = 0;
    const never: KubeTransport = {
      send: <T>(_req: KubeRequest, signal?: AbortSignal) => {
        started++;
        return new Promise<T>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
      },
    };
    const { client: c } = client(never, { ...options, rateLimit: { qps: 0.01, burst: 2, maxConcurrent: 10 } });
    for (let i = 0; i < 5; i++) void c.request(request).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toBe(2);
  });
});

describe('errorFromResponse', () => {
  it.each([
    {
      status: 409,
      body: '{"kind":"Status","reason":"Conflict","message":"the object has been modified"}',
      kind: 'conflict',
      reason: 'Conflict',
      retryable: false,
    },
    {
      status: 422,
      body: '{"reason":"Invalid","message":"spec.replicas: Invalid value"}',
      kind: 'invalid',
      reason: 'Invalid',
      retryable: false,
    },
    { status: 429, body: '{}', kind: 'throttled', reason: undefined, retryable: true },
    { status: 503, body: 'upstream connect error', kind: 'server', reason: undefined, retryable: true },
    { status: 401, body: '{"reason":"Unauthorized"}', kind: 'unauthorized', reason: 'Unauthorized', retryable: false },
    { status: 410, body: '{"reason":"Expired"}', kind: 'gone', reason: 'Expired', retryable: false },
  ])('HTTP $status → $kind', ({ status, body, kind, reason, retryable }) => {
    const e = errorFromResponse(status, body, undefined, T0);
    expect({ kind: e.kind, reason: e.reason, retryable: e.retryable }).toEqual({ kind, reason, retryable });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    { value: '3', expected: 3000 },
    { value: '0', expected: 0 },
    { value: 'Sun, 22 Nov 2026 07:00:10 GMT', expected: 10_000 },
    { value: 'soon', expected: undefined },
    { value: undefined, expected: undefined },
  ])('$value → $expected', ({ value, expected }) => {
    expect(parseRetryAfter(value, T0)).toBe(expected);
  });
});
