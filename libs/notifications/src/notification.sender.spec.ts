import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationSender } from './notification.sender.js';

interface Receiver {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

async function receiver(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Receiver> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString());
      handler(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const allowLoopback = { cidrs: ['127.0.0.1/32'], hosts: [] };
let open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.map((r) => r.close()));
  open = [];
});

describe('NotificationSender', () => {
  it.each([
    { status: 200, headers: {}, expected: { kind: 'delivered', status: 200 } },
    { status: 204, headers: {}, expected: { kind: 'delivered', status: 204 } },
    { status: 500, headers: {}, expected: { kind: 'failed', retryable: true, status: 500 } },
    { status: 429, headers: { 'retry-after': '3' }, expected: { kind: 'failed', retryable: true, retryAfterMs: 3000 } },
    { status: 404, headers: {}, expected: { kind: 'failed', retryable: false, status: 404 } },
    { status: 302, headers: { location: 'http://10.0.0.1/' }, expected: { kind: 'failed', retryable: false } },
  ])('HTTP $status → $expected.kind', async ({ status, headers, expected }) => {
    const r = await receiver((_req, res) => res.writeHead(status, headers).end('secret response body'));
    open.push(r);
    const sender = new NotificationSender({ allow: allowLoopback, timeoutMs: 2000 });
    const result = await sender.send({
      url: r.url,
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', 'x-k': 'v' },
    });
    expect(result).toMatchObject(expected);
    expect(JSON.stringify(result)).not.toContain('secret response body');
    expect(r.bodies).toEqual(['{"a":1}']);
  });

  it('refuses loopback unless allow-listed, without connecting', async () => {
    const r = await receiver((_req, res) => res.end());
    open.push(r);
    const sender = new NotificationSender({ allow: { cidrs: [], hosts: [] }, timeoutMs: 2000 });
    const result = await sender.send({ url: r.url, body: '{}', headers: {} });
    expect(result).toMatchObject({ kind: 'failed', retryable: false });
    expect(r.bodies).toEqual([]);
  });

  it('times out a receiver that never answers', async () => {
    const r = await receiver(() => undefined);
    open.push(r);
    const sender = new NotificationSender({ allow: allowLoopback, timeoutMs: 200 });
    const started = Date.now();
    const result = await sender.send({ url: r.url, body: '{}', headers: {} });
    expect(result).toMatchObject({ kind: 'failed', retryable: true, error: 'timed out after 200 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a closed port is a retryable connection failure', async () => {
    const r = await receiver((_req, res) => res.end());
    await r.close();
    const sender = new NotificationSender({ allow: allowLoopback, timeoutMs: 2000 });
    const result = await sender.send({ url: r.url, body: '{}', headers: {} });
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
  });
});
