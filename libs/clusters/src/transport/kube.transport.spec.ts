import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { loadKubeconfig } from '../connection/kubeconfig.loader.js';
import { KubeApiError } from './kube-api.error.js';
import { ClientNodeTransport } from './kube.transport.js';

const ROLLOUT = { kind: 'Rollout', metadata: { name: 'author', namespace: 'env-1', resourceVersion: '7' } };

/** A local API server: answers by path, and remembers each request with the socket it came on. */
let server: Server;
let base: string;
const seen: { method: string; path: string; socket: number; headers: IncomingMessage['headers']; body: string }[] = [];
const sockets = new WeakMap<object, number>();

beforeAll(async () => {
  let nextSocket = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (!sockets.has(req.socket)) sockets.set(req.socket, ++nextSocket);
      seen.push({ method: req.method!, path: req.url!, socket: sockets.get(req.socket)!, headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (req.url!.includes('/conflict')) {
        res.statusCode = 409;
        res.end(JSON.stringify({ kind: 'Status', reason: 'Conflict', message: 'the object has been modified' }));
      } else if (req.url!.includes('/big')) {
        res.end(JSON.stringify({ ...ROLLOUT, status: { message: 'x'.repeat(300 * 1024) } }));
      } else if (req.url!.includes('/busy')) {
        res.statusCode = 429;
        res.setHeader('retry-after', '2');
        res.end(JSON.stringify({ kind: 'Status', reason: 'TooManyRequests', message: 'slow down' }));
      } else {
        res.end(JSON.stringify(ROLLOUT));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clusters/sim`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function transport(): ClientNodeTransport {
  const kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sim', cluster: { server: base, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'ringmaster', user: { token: 'sim-token' } }],
    contexts: [{ name: 'sim', context: { cluster: 'sim', user: 'ringmaster' } }],
    'current-context': 'sim',
  });
  return new ClientNodeTransport(loadKubeconfig({ kind: 'inline', kubeconfig }));
}

const PATH = '/apis/argoproj.io/v1alpha1/namespaces/env-1/rollouts/author';

describe('ClientNodeTransport (undici on the KubeConfig dispatcher)', () => {
  it("sends the kubeconfig's token, the query and the body, and parses the answer", async () => {
    seen.length = 0;
    const answer = await transport().send<typeof ROLLOUT>({
      method: 'PATCH',
      path: PATH,
      query: { fieldManager: 'ringmaster', dryRun: undefined },
      body: [{ op: 'replace', path: '/spec/paused', value: false }],
      contentType: 'application/json-patch+json',
    });
    expect(answer).toEqual(ROLLOUT);
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      path: `/clusters/sim${PATH}?fieldManager=ringmaster`,
      body: '[{"op":"replace","path":"/spec/paused","value":false}]',
    });
    expect(seen[0].headers).toMatchObject({
      authorization: 'Bearer sim-token',
      'content-type': 'application/json-patch+json',
      accept: 'application/json',
    });
  });

  it('discards a successful body when asked, reading it to the end so the connection is kept', async () => {
    seen.length = 0;
    const t = transport();
    // a Rollout with a long status is bigger than undici's default dump limit, past which it closes the connection
    for (let i = 0; i < 5; i++) {
      await expect(t.send({ method: 'PATCH', path: '/big', body: {}, discardBody: true })).resolves.toBeUndefined();
    }
    await expect(t.send({ method: 'GET', path: PATH })).resolves.toEqual(ROLLOUT);
    expect(new Set(seen.map((s) => s.socket)).size).toBeLessThanOrEqual(2);
  });

  it.each([
    { name: '409: a conflict with its reason', path: '/conflict', kind: 'conflict', reason: 'Conflict' },
    { name: '429: throttled, Retry-After in ms', path: '/busy', kind: 'throttled', retryAfterMs: 2000 },
  ])('$name, even for a write whose body would be discarded', async ({ path, kind, reason, retryAfterMs }) => {
    const sent = transport().send({ method: 'PATCH', path, body: {}, discardBody: true });
    const error = await sent.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ kind, ...(reason ? { reason } : {}), ...(retryAfterMs ? { retryAfterMs } : {}) });
  });

  it('a cancelled request rejects as a timeout, not as an unreachable server', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('request timed out', 'TimeoutError'));
    await expect(transport().send({ method: 'GET', path: PATH }, controller.signal)).rejects.toMatchObject({
      kind: 'timeout',
    });
  });
});
