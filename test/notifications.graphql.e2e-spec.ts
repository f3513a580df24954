import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { verifySignature } from '@ringmaster/notifications';
import {
  createPrismaClient,
  embeddedTestDatabase,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { startService } from '../apps/ringmaster/src/bootstrap.js';

const ADMIN_TOKEN = 'notifications-e2e-admin-token-0123456789';

interface GqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

describe('notifications through the running service', () => {
  let testDb: TestDatabase;
  let service: Awaited<ReturnType<typeof startService>>;
  let prisma: PrismaClient;
  let server: http.Server;
  let hookUrl = '';
  const hits: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let arrived: () => void = () => undefined;

  const gql = async (query: string, variables: Record<string, unknown> = {}, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlAnswer;
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(hits.length === 1 ? 500 : 204).end();
        arrived();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    testDb = embeddedTestDatabase();
    service = await startService({
      ...loadConfig({
        PORT: '0',
        RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
        RINGMASTER_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        RINGMASTER_NOTIFY_ALLOW: '127.0.0.1/32',
        RINGMASTER_NOTIFY_INTERVAL: '100ms',
      }),
      database: testDb.config,
    });
    prisma = createPrismaClient(service.db);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await service?.close();
    await testDb?.drop();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('refuses a private address that is not allow-listed and a non-http scheme', async () => {
    const answer = await gql(
      `mutation { createSubscription(input: {kind: WEBHOOK, url: "ftp://127.0.0.1/x", events: []}) { id } }`,
    );
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const private10 = await gql(
      `mutation { createSubscription(input: {kind: WEBHOOK, url: "http://10.1.1.1/x", events: []}) { id } }`,
    );
    expect(private10.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('creates a subscription (ADMIN only, secret never returned) and delivers a signed event after a retry', async () => {
    const create = `mutation ($url: String!) {
      createSubscription(input: {kind: WEBHOOK, url: $url, secret: "hush", events: ["TRAIN_HALTED"]}) {
        id kind url events hasSecret minSeverity
      }
    }`;
    const denied = await gql(create, { url: hookUrl }, null);
    expect(denied.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const created = await gql(create, { url: hookUrl });
    expect(created.errors).toBeUndefined();
    const sub = (created.data as { createSubscription: Record<string, unknown> }).createSubscription;
    expect(sub).toMatchObject({ kind: 'WEBHOOK', url: hookUrl, events: ['TRAIN_HALTED'], hasSecret: true });
    expect(JSON.stringify(await gql('{ subscriptions { id url hasSecret } }'))).not.toContain('hush');
    const stored = await prisma.notificationSubscription.findUniqueOrThrow({ where: { id: sub['id'] as string } });
    expect(stored.secretEncrypted).not.toContain('hush');

    const twoHits = new Promise<void>((done) => {
      arrived = () => {
        if (hits.length >= 2) done();
      };
    });
    const event = await prisma.event.create({ data: { type: 'TRAIN_HALTED', message: 'halted in ring internal' } });
    await twoHits; // a 500 first, then the retry after ~1 s of backoff
    expect(hits).toHaveLength(2);
    for (const hit of hits) {
      expect(hit.headers['x-ringmaster-event-id']).toBe(event.id);
      expect(verifySignature('hush', hit.body, hit.headers['x-ringmaster-signature'] as string)).toBe(true);
    }
    let delivered = null;
    for (let i = 0; i < 50 && delivered === null; i++) {
      delivered = await prisma.outboxMessage.findFirst({ where: { status: 'DELIVERED' } });
      if (delivered === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivered).toMatchObject({ attempts: 2 });

    const deadLetters = await gql('{ deadLetters { id } }');
    expect(deadLetters.data).toEqual({ deadLetters: [] });
    const redrive = await gql(`mutation ($id: ID!) { redriveDeadLetter(id: $id) { id } }`, { id: delivered!.id });
    expect(redrive.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const removed = await gql(`mutation ($id: ID!) { deleteSubscription(id: $id) { id } }`, { id: sub['id'] });
    expect(removed.errors).toBeUndefined();
    expect(await gql('{ subscriptions { id } }')).toEqual({ data: { subscriptions: [] } });
  });
});
