import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { decryptSecret, encryptSecret } from '@ringmaster/clusters';
import {
  blockKitProblems,
  NotificationSender,
  SIGNATURE_HEADER,
  verifySignature,
  type SlackMessage,
} from '@ringmaster/notifications';
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
import { RingmasterMetrics } from '../apps/ringmaster/src/metrics/ringmaster.metrics.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../apps/ringmaster/src/notifications/delivery.worker.js';
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

  const worker = (
    workerId: string,
    deadAfterMs = 3_600_000,
    extra: Partial<DeliveryWorkerOptions> = {},
  ): DeliveryWorker =>
    new DeliveryWorker(outbox, sender, {
      ...extra,
      workerId,
      retry: { baseDelayMs: 1000, maxDelayMs: 60_000, deadAfterMs },
      leaseMs: 30_000,
      batchSize: 50,
      now: clock,
      random: () => 0.5,
      decryptSecret: (id, sealed) => decryptSecret(key, sealed, `subscription:${id}`),
      linkBaseUrl: extra.linkBaseUrl ?? 'https://ringmaster.example.com',
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
    await prisma.train.deleteMany();
  });

  /**
   * A halted train of release 2026.47.1 through internal → cohort: internal all healthy; in cohort 2 healthy,
   * 2 failed (RELEASE, one judged twice), 1 excluded (CUSTOMER_CODE), 3 pending.
   */
  async function haltedTrain(): Promise<string> {
    const cluster = await prisma.cluster.upsert({
      where: { name: 'eu-1' },
      update: {},
      create: { name: 'eu-1', region: 'eu' },
    });
    const release = await prisma.release.upsert({
      where: { version: '2026.47.1' },
      update: {},
      create: { version: '2026.47.1' },
    });
    const plan = await prisma.ringPlan.upsert({ where: { name: 'weekly' }, update: {}, create: { name: 'weekly' } });
    const train = await prisma.train.create({
      data: {
        releaseId: release.id,
        ringPlanId: plan.id,
        status: 'HALTED',
        currentRing: 'cohort',
        planSnapshot: { name: 'weekly', rings: [{ name: 'internal' }, { name: 'cohort' }] },
      },
    });
    const targets: [string, number, 'HEALTHY' | 'FAILED' | 'EXCLUDED' | 'PENDING', string | null][] = [
      ['int-1', 0, 'HEALTHY', null],
      ['int-2', 0, 'HEALTHY', null],
      ['acme', 1, 'HEALTHY', null],
      ['globex', 1, 'HEALTHY', null],
      ['initech', 1, 'FAILED', 'RELEASE'],
      ['umbrella', 1, 'FAILED', 'RELEASE'],
      ['hooli', 1, 'EXCLUDED', 'CUSTOMER_CODE'],
      ['stark', 1, 'PENDING', null],
      ['wayne', 1, 'PENDING', null],
      ['wonka', 1, 'PENDING', null],
    ];
    const ids = new Map<string, string>();
    for (const [name, ringPosition, status, cause] of targets) {
      const env = await prisma.environment.upsert({
        where: { name },
        update: {},
        create: { name, clusterId: cluster.id, namespace: name, tenant: name },
      });
      const target = await prisma.target.create({
        data: { trainId: train.id, environmentId: env.id, ringPosition, status, cause: cause as never },
      });
      ids.set(name, target.id);
    }
    const judged = (name: string, cause: string, confidence: number, evidence: string[], at: number) =>
      prisma.attribution.create({
        data: {
          trainId: train.id,
          targetId: ids.get(name)!,
          ring: 'cohort',
          cause: cause as never,
          confidence,
          evidence,
          signature: 'CrashLoopBackOff',
          createdAt: new Date(now.getTime() - at),
        },
      });
    await judged('umbrella', 'TRANSIENT', 0.5, ['cleared on retry once'], 60_000);
    await judged('umbrella', 'RELEASE', 0.88, ['crash loop again after the retry'], 20_000);
    await judged(
      'initech',
      'RELEASE',
      0.97,
      ['crash loop in 3 tenants across 2 clusters', 'stable pods are healthy'],
      30_000,
    );
    await judged('hooli', 'CUSTOMER_CODE', 0.93, ['customer revision changed 2 min before'], 40_000);
    return train.id;
  }

  const trainEvent = (trainId: string, type: string, message: string, over: object = {}) =>
    prisma.event.create({ data: { type, message, trainId, ring: 'cohort', occurredAt: now, ...over } });

  it('a halt says what happened: ring targets by state, the attributions with evidence, a link to the train', async () => {
    const hook = await receiver();
    const slack = await receiver();
    receivers.push(hook, slack);
    await subscribe('WEBHOOK', hook);
    await subscribe('SLACK', slack);
    const trainId = await haltedTrain();
    const e = await trainEvent(trainId, 'TRAIN_HALTED', 'train halted: failure budget of ring cohort exhausted');
    await outbox.dispatch(clock(), 100);
    expect(await worker('w1', 3_600_000, { linkBaseUrl: 'http://127.0.0.1:4000' }).runOnce()).toMatchObject({
      delivered: 2,
    });

    const body = JSON.parse(hook.hits[0]!.body) as Record<string, unknown>;
    expect(body).toEqual({
      id: e.id,
      type: 'TRAIN_HALTED',
      occurredAt: now.toISOString(),
      train: { id: trainId, releaseVersion: '2026.47.1', ringPlan: 'weekly', status: 'HALTED' },
      ring: 'cohort',
      attribution: expect.objectContaining({ environment: 'initech', cause: 'RELEASE', confidence: 0.97 }),
      message: 'train halted: failure budget of ring cohort exhausted',
      counts: { scope: 'ring', total: 8, pending: 3, deploying: 0, healthy: 2, failed: 2, excluded: 1, rolledBack: 0 },
      attributions: [
        {
          cause: 'RELEASE',
          confidence: 0.97,
          evidence: ['crash loop in 3 tenants across 2 clusters', 'stable pods are healthy'],
          environment: 'initech',
          ring: 'cohort',
          signature: 'CrashLoopBackOff',
        },
        {
          cause: 'RELEASE',
          confidence: 0.88,
          evidence: ['crash loop again after the retry'],
          environment: 'umbrella',
          ring: 'cohort',
          signature: 'CrashLoopBackOff',
        },
      ],
    });

    const message = JSON.parse(slack.hits[0]!.body) as SlackMessage;
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':rotating_light: Train HALTED: 2026.47.1', emoji: true },
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*Targets in ring cohort:* 2 healthy · 2 failed · 3 pending · 1 excluded · 8 in all');
    expect(text).toContain('*RELEASE* · confidence 97% · `initech` in ring cohort');
    expect(text).toContain('• crash loop in 3 tenants across 2 clusters\\n• stable pods are healthy');
    expect(text).toContain(`<http://127.0.0.1:4000/?train=${trainId}|${trainId}>`);
    expect(message.blocks.find((b) => b.type === 'actions')).toMatchObject({
      elements: [{ url: `http://127.0.0.1:4000/?train=${trainId}`, style: 'danger' }],
    });
  });

  it("an engine's ATTRIBUTED event carries its judgement; a failure and an approval carry the ring's counts", async () => {
    const hook = await receiver();
    receivers.push(hook);
    await subscribe('WEBHOOK', hook);
    const trainId = await haltedTrain();
    // as the domain emits them: the judgement at the top of ATTRIBUTED's payload
    await trainEvent(trainId, 'ATTRIBUTED', 'hooli: failure attributed to CUSTOMER_CODE', {
      environment: 'hooli',
      payload: { cause: 'CUSTOMER_CODE', confidence: 0.93, evidence: ['customer revision changed'], attempt: 1 },
    });
    await trainEvent(trainId, 'TARGET_FAILED', 'initech failed: crash loop', {
      environment: 'initech',
      occurredAt: new Date(now.getTime() - 35_000),
    });
    await trainEvent(trainId, 'RING_AWAITING_APPROVAL', 'ring internal awaits approval', { ring: 'internal' });
    await trainEvent(trainId, 'TRAIN_CREATED', 'train created', { ring: null });
    await outbox.dispatch(clock(), 100);
    await worker('w1').runOnce();
    const bodies = new Map(
      hook.hits.map((h) => {
        const b = JSON.parse(h.body) as { type: string };
        return [b.type, b as Record<string, unknown>];
      }),
    );
    expect(bodies.get('ATTRIBUTED')).toMatchObject({
      environment: 'hooli',
      attribution: {
        cause: 'CUSTOMER_CODE',
        confidence: 0.93,
        evidence: ['customer revision changed'],
        environment: 'hooli',
        ring: 'cohort',
      },
    });
    // the failure was judged 5 s after it happened: the notification sent now says so
    expect(bodies.get('TARGET_FAILED')).toMatchObject({
      attribution: { cause: 'RELEASE', confidence: 0.97, environment: 'initech' },
      counts: { scope: 'ring', total: 8, failed: 2 },
    });
    expect(bodies.get('RING_AWAITING_APPROVAL')).toMatchObject({
      counts: { scope: 'ring', total: 2, healthy: 2 },
    });
    expect(bodies.get('RING_AWAITING_APPROVAL')).not.toHaveProperty('attribution');
    expect(bodies.get('TRAIN_CREATED')).toMatchObject({
      counts: { scope: 'train', total: 10, healthy: 4, pending: 3 },
    });
  });

  it('counts every delivery attempt by kind and outcome', async () => {
    const metrics = new RingmasterMetrics({ countByStatus: async () => ({}) });
    const hook = await receiver();
    const slack = await receiver();
    receivers.push(hook, slack);
    hook.respond = (_hit, n) => ({ status: n === 1 ? 500 : 200 });
    slack.respond = () => ({ status: 404 });
    await subscribe('WEBHOOK', hook);
    await subscribe('SLACK', slack);
    await event('TRAIN_STARTED', 'go');
    await outbox.dispatch(clock(), 100);
    const w = worker('w1', 3_600_000, { onAttempt: (kind, outcome) => metrics.countDelivery(kind, outcome) });
    expect(await w.runOnce()).toMatchObject({ retried: 1, dead: 1 });
    advance(60_000);
    expect(await w.runOnce()).toMatchObject({ delivered: 1 });
    const text = (await metrics.render()).body;
    const sample = (series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`ringmaster_notification_deliveries_total{${series}} `))
          ?.split(' ')[1],
      );
    expect(sample('kind="WEBHOOK",outcome="failed"')).toBe(1);
    expect(sample('kind="WEBHOOK",outcome="delivered"')).toBe(1);
    expect(sample('kind="SLACK",outcome="dead"')).toBe(1);
    expect(text).not.toContain('kind="SLACK",outcome="delivered"');
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
      attribution: { cause: 'RELEASE', confidence: 0.9, evidence: ['crash loop in 3 tenants'], ring: 'canary' },
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
