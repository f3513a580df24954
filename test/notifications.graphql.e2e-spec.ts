import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { blockKitProblems, verifySignature, type SlackMessage } from '@ringmaster/notifications';
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
        RINGMASTER_PUBLIC_URL: 'https://ringmaster.example.com/',
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
  it('a halt reaches Slack as Block Kit with the ring counts, the attribution and a link under RINGMASTER_PUBLIC_URL', async () => {
    const slackHits: string[] = [];
    let slackArrived: () => void = () => undefined;
    const slack = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        slackHits.push(Buffer.concat(chunks).toString());
        res.writeHead(200).end('ok');
        slackArrived();
      });
    });
    await new Promise<void>((done) => slack.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T000/B000/XXX`;
    try {
      const created = await gql(
        `mutation ($url: String!) { createSubscription(input: {kind: SLACK, url: $url, events: ["TRAIN_HALTED"]}) { id } }`,
        { url },
      );
      expect(created.errors).toBeUndefined();
      // a halted train the reconciler leaves alone (not due before 2100): two targets failed, one healthy
      const cluster = await prisma.cluster.create({ data: { name: 'sim-eu', region: 'eu' } });
      const release = await prisma.release.create({ data: { version: '2026.48.0' } });
      const plan = await prisma.ringPlan.create({ data: { name: 'weekly' } });
      const train = await prisma.train.create({
        data: {
          releaseId: release.id,
          ringPlanId: plan.id,
          status: 'HALTED',
          planSnapshot: { name: 'weekly', rings: [{ name: 'cohort' }] },
          nextReconcileAt: new Date('2100-01-01T00:00:00Z'),
        },
      });
      for (const [name, status] of [
        ['acme', 'FAILED'],
        ['globex', 'FAILED'],
        ['initech', 'HEALTHY'],
      ] as const) {
        const env = await prisma.environment.create({ data: { name, clusterId: cluster.id, namespace: name } });
        const target = await prisma.target.create({
          data: {
            trainId: train.id,
            environmentId: env.id,
            ringPosition: 0,
            status,
            cause: status === 'FAILED' ? 'RELEASE' : null,
          },
        });
        if (status === 'FAILED') {
          await prisma.attribution.create({
            data: {
              trainId: train.id,
              targetId: target.id,
              ring: 'cohort',
              cause: 'RELEASE',
              confidence: name === 'acme' ? 0.95 : 0.8,
              evidence: [`${name}: crash loop on the new release only`],
            },
          });
        }
      }
      const arrivedOnce = new Promise<void>((done) => (slackArrived = done));
      await prisma.event.create({
        data: { type: 'TRAIN_HALTED', trainId: train.id, ring: 'cohort', message: 'train halted: budget exhausted' },
      });
      await arrivedOnce;

      const message = JSON.parse(slackHits[0]!) as SlackMessage;
      expect(blockKitProblems(message)).toEqual([]);
      const text = JSON.stringify(message.blocks);
      expect(text).toContain(':rotating_light: Train HALTED: 2026.48.0');
      expect(text).toContain('*Targets in ring cohort:* 1 healthy · 2 failed · 3 in all');
      expect(text).toContain('*RELEASE* · confidence 95% · `acme` in ring cohort');
      expect(text).toContain('acme: crash loop on the new release only');
      expect(message.blocks.find((b) => b.type === 'actions')).toMatchObject({
        elements: [{ url: `https://ringmaster.example.com/?train=${train.id}`, style: 'danger' }],
      });
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain('ringmaster_notification_deliveries_total{kind="SLACK",outcome="delivered"} 1');
      expect(metrics).toContain('ringmaster_notification_deliveries_total{kind="WEBHOOK",outcome="failed"} 1');
    } finally {
      slack.closeAllConnections();
      await new Promise((done) => slack.close(done));
    }
  });
});
