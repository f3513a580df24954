import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { decryptSecret, encryptSecret } from '@ringmaster/clusters';
import { NotificationSender, SIGNATURE_HEADER, verifySignature } from '@ringmaster/notifications';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  openDatabase,
  postgresTestDatabase,
  type DatabaseHandle,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { DeliveryWorker } from '../apps/ringmaster/src/notifications/delivery.worker.js';
import { OutboxRepository } from '../apps/ringmaster/src/notifications/outbox.repository.js';
import { SubscriptionRepository } from '../apps/ringmaster/src/notifications/subscription.repository.js';
import type { RingmasterConfig } from '@ringmaster/config';

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Receiver {
  url: string;
  hits: Hit[];
  respond: (hit: Hit, n: number) => { status: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r: Receiver = { url: '', hits: [], respond: () => ({ status: 200 }), close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { headers: req.headers, body: Buffer.concat(chunks).toString() };
      r.hits.push(hit);
      const answer = r.respond(hit, r.hits.length);
      res.writeHead(answer.status, answer.headers ?? {}).end('receiver body, never logged');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () =>
    new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return r;
}

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

describe.each(modes)('notification outbox on %s', (_mode, makeDatabase) => {
  const key = randomBytes(32);
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let outbox: OutboxRepository;
  let now = new Date('2026-03-01T12:00:00.000Z');
  const clock = (): Date => now;
  const advance = (ms: number): void => {
    now = new Date(now.getTime() + ms);
  };
  const receivers: Receiver[] = [];
  const sender = new NotificationSender({ allow: { cidrs: ['127.0.0.1/32'], hosts: [] }, timeoutMs: 2000 });

  const worker = (workerId: string, deadAfterMs = 3_600_000): DeliveryWorker =>
    new DeliveryWorker(outbox, sender, {
      workerId,
      retry: { baseDelayMs: 1000, maxDelayMs: 60_000, deadAfterMs },
      leaseMs: 30_000,
      batchSize: 50,
      now: clock,
      random: () => 0.5,
      decryptSecret: (id, sealed) => decryptSecret(key, sealed, `subscription:${id}`),
      linkBaseUrl: 'https://ringmaster.example.com',
    });

  async function subscribe(kind: 'SLACK' | 'WEBHOOK', r: Receiver, secret?: string, events: string[] = []) {
    const id = randomUUID();
    await prisma.notificationSubscription.create({
      data: {
        id,
        kind,
        url: r.url,
        events,
        secretEncrypted: secret ? encryptSecret(key, secret, `subscription:${id}`) : null,
      },
    });
    return id;
  }
  const event = (type: string, message: string, payload: object = {}) =>
    prisma.event.create({ data: { type, message, ring: 'canary', payload, occurredAt: now } });

  beforeAll(async () => {
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    outbox = new OutboxRepository(prisma);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await prisma.outboxMessage.deleteMany();
    await prisma.notificationSubscription.deleteMany();
    await prisma.event.deleteMany();
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
  });

  it('delivers a signed webhook and a Block Kit Slack message, and marks the event dispatched', async () => {
    const hook = await receiver();
    const slack = await receiver();
    receivers.push(hook, slack);
    await subscribe('WEBHOOK', hook, 'top-secret');
    await subscribe('SLACK', slack);
    const e = await event('TRAIN_HALTED', 'budget exhausted', {
      attribution: { cause: 'RELEASE', confidence: 0.9, evidence: ['crash loop in 3 tenants'] },
    });

    expect(await outbox.dispatch(clock(), 100)).toEqual({ events: 1, messages: 2 });
    expect((await prisma.event.findUniqueOrThrow({ where: { id: e.id } })).dispatchedAt).toEqual(now);
    expect(await worker('w1').runOnce()).toEqual({ delivered: 2, retried: 0, dead: 0, lost: 0 });

    const [hit] = hook.hits;
    expect(verifySignature('top-secret', hit!.body, hit!.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(true);
    expect(verifySignature('wrong', hit!.body, hit!.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(false);
    expect(hit!.headers['x-ringmaster-event-id']).toBe(e.id);
    expect(JSON.parse(hit!.body)).toEqual({
      id: e.id,
      type: 'TRAIN_HALTED',
      occurredAt: now.toISOString(),
      train: null,
      ring: 'canary',
      attribution: { cause: 'RELEASE', confidence: 0.9, evidence: ['crash loop in 3 tenants'] },
      message: 'budget exhausted',
    });
    const message = JSON.parse(slack.hits[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(JSON.stringify(message.blocks)).toContain('*Attribution:* *RELEASE* · confidence 90%');
    // nothing left to send, nothing dispatched twice
    expect(await outbox.dispatch(clock(), 100)).toEqual({ events: 0, messages: 0 });
    expect(await worker('w1').runOnce()).toEqual({ delivered: 0, retried: 0, dead: 0, lost: 0 });
  });

  it('filters by event type', async () => {
    const hook = await receiver();
    receivers.push(hook);
    await subscribe('WEBHOOK', hook, undefined, ['TRAIN_HALTED']);
    await event('RING_STARTED', 'ring started');
    await event('TRAIN_HALTED', 'halted');
    expect(await outbox.dispatch(clock(), 100)).toEqual({ events: 2, messages: 1 });
  });

  it('retries after 500s with backoff and delivers once', async () => {
    const hook = await receiver();
    receivers.push(hook);
    hook.respond = (_hit, n) => ({ status: n <= 2 ? 500 : 200 });
    await subscribe('WEBHOOK', hook, 's');
    await event('TRAIN_STARTED', 'go');
    await outbox.dispatch(clock(), 100);
    const w = worker('w1');
    expect(await w.runOnce()).toMatchObject({ retried: 1 });
    expect(await w.runOnce()).toMatchObject({ retried: 0, delivered: 0 }); // backoff not yet over
    advance(750); // first backoff: 1000 ms · jitter 0.75
    expect(await w.runOnce()).toMatchObject({ retried: 1 });
    advance(1499);
    expect(await w.runOnce()).toMatchObject({ retried: 0, delivered: 0 });
    advance(1);
    expect(await w.runOnce()).toMatchObject({ delivered: 1 });
    const [m] = await prisma.outboxMessage.findMany();
    expect(m).toMatchObject({ status: 'DELIVERED', attempts: 3, lockedBy: null });
    expect(hook.hits).toHaveLength(3);
    expect(new Set(hook.hits.map((h) => h.headers['x-ringmaster-event-id'])).size).toBe(1);
  });

  it('honours 429 and Retry-After', async () => {
    const hook = await receiver();
    receivers.push(hook);
    hook.respond = (_hit, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '30' } } : { status: 200 });
    await subscribe('WEBHOOK', hook);
    await event('TRAIN_STARTED', 'go');
    await outbox.dispatch(clock(), 100);
    expect(await worker('w1').runOnce()).toMatchObject({ retried: 1 });
    const [m] = await prisma.outboxMessage.findMany();
    expect(m!.nextAttemptAt).toEqual(new Date(now.getTime() + 30_000));
    advance(29_999);
    expect(await worker('w1').runOnce()).toMatchObject({ delivered: 0 });
    advance(1);
    expect(await worker('w1').runOnce()).toMatchObject({ delivered: 1 });
  });

  it('goes DEAD after the horizon', async () => {
    const hook = await receiver();
    receivers.push(hook);
    hook.respond = () => ({ status: 503 });
    await subscribe('WEBHOOK', hook);
    await event('TRAIN_STARTED', 'go');
    await outbox.dispatch(clock(), 100);
    const w = worker('w1', 10_000);
    let passes = 0;
    for (; passes < 20; passes++) {
      const pass = await w.runOnce();
      if (pass.dead === 1) break;
      advance(60_000);
    }
    const [m] = await prisma.outboxMessage.findMany();
    expect(m).toMatchObject({ status: 'DEAD' });
    expect(m!.lastError).toContain('HTTP 503');
    expect(passes).toBeLessThan(20);
    advance(3_600_000);
    expect(await w.runOnce()).toEqual({ delivered: 0, retried: 0, dead: 0, lost: 0 });

    // visible and re-drivable: the receiver recovers, a redrive delivers it
    const subscriptions = new SubscriptionRepository(prisma, {} as RingmasterConfig, clock);
    expect((await subscriptions.deadLetters()).map((d) => d.id)).toEqual([m!.id]);
    await subscriptions.redrive(m!.id);
    await expect(subscriptions.redrive(m!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    hook.respond = () => ({ status: 200 });
    expect(await w.runOnce()).toMatchObject({ delivered: 1 });
    expect(await subscriptions.deadLetters()).toEqual([]);
  });

  it('a restart in the middle of delivery loses nothing: the lease runs out and another worker sends', async () => {
    const hook = await receiver();
    receivers.push(hook);
    await subscribe('WEBHOOK', hook);
    for (let i = 0; i < 5; i++) await event('TARGET_FAILED', `target ${i}`);
    await outbox.dispatch(clock(), 2); // the dispatcher dies after one batch
    // the crashed worker claimed everything dispatched so far and never answered
    expect(await outbox.claim('crashed', clock(), new Date(now.getTime() + 30_000), 50)).toHaveLength(2);
    await outbox.dispatch(clock(), 100); // restarted dispatcher resumes with the undispatched events
    const restarted = worker('restarted');
    expect(await restarted.runOnce()).toMatchObject({ delivered: 3 });
    advance(30_001);
    expect(await restarted.runOnce()).toMatchObject({ delivered: 2 });
    // the crashed worker's late answer changes nothing
    const first = (await prisma.outboxMessage.findFirstOrThrow()).id;
    expect(await outbox.record('crashed', first, { kind: 'dead', at: now, error: 'late' })).toBe(false);
    const bodies = hook.hits.map((h) => (JSON.parse(h.body) as { message: string }).message).sort();
    expect(bodies).toEqual(['target 0', 'target 1', 'target 2', 'target 3', 'target 4']);
    expect(await prisma.outboxMessage.count({ where: { status: 'DELIVERED' } })).toBe(5);
  });

  it('two dispatchers and two workers running at once never double-send', async () => {
    const a = await receiver();
    const b = await receiver();
    receivers.push(a, b);
    await subscribe('WEBHOOK', a);
    await subscribe('SLACK', b);
    for (let i = 0; i < 30; i++) await event('RING_PASSED', `ring ${i}`);
    const fanned = await Promise.all([
      outbox.dispatch(clock(), 10),
      outbox.dispatch(clock(), 10),
      outbox.dispatch(clock(), 20),
    ]);
    expect(fanned.reduce((n, f) => n + f.events, 0)).toBe(30);
    expect(await prisma.outboxMessage.count()).toBe(60);
    const passes = await Promise.all([worker('r1').runOnce(), worker('r2').runOnce(), worker('r3').runOnce()]);
    // batch size 50: together they claim all 60, each message by exactly one of them
    expect(passes.reduce((n, p) => n + p.delivered, 0)).toBe(60);
    expect(passes.reduce((n, p) => n + p.lost, 0)).toBe(0);
    const rest = await Promise.all([worker('r1').runOnce(), worker('r2').runOnce()]);
    expect(rest.reduce((n, p) => n + p.delivered, 0)).toBe(0);
    expect(a.hits).toHaveLength(30);
    expect(b.hits).toHaveLength(30);
    expect(new Set(a.hits.map((h) => h.headers['x-ringmaster-event-id'])).size).toBe(30);
  });
});
