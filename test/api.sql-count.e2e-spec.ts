import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplication, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ringmaster/config';
import { validateRingPlan } from '@ringmaster/domain';
import {
  applyPendingMigrations,
  embeddedTestDatabase,
  openDatabase,
  postgresTestDatabase,
  type DatabaseHandle,
  type TestDatabase,
} from '@ringmaster/persistence';
import { AppModule } from '../apps/ringmaster/src/app.module.js';
import { graphqlClient } from '../apps/ringmaster/src/graphql/graphql.client.js';
import { PROBE_HEADER, SqlProbe } from './api.sql-probe.js';

// A release manager's train view of a 20,000-target train costs a fixed, small number of SQL statements: every field
// goes through a per-request DataLoader and the ring counts are one GROUP BY. Statements are counted at the driver
// adapter for the one HTTP request (background loops are not counted), on a real service over real HTTP.

const ADMIN_TOKEN = 'sql-count-admin-token-0123';
const SERVICE_START_TIMEOUT_MS = 180_000;
const BIG = 20_000;
const SMALL = 130;
const INTERNAL = 100;
/** train, release (+components), ring plan (+rings), rings with counts, targets, their attributions, attributions, events */
const MAX_STATEMENTS = 10;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const STATUSES = ['PENDING', 'PENDING', 'PENDING', 'DEPLOYING', 'HEALTHY', 'HEALTHY', 'FAILED', 'RETRYING'];
const EXCLUDED_EVERY = 97;
/** The state of target i: a fixed mix, so the expected counts can be computed here. */
const statusOf = (i: number) => (i % EXCLUDED_EVERY === 0 ? 'EXCLUDED' : STATUSES[i % STATUSES.length]);

const PLAN = validateRingPlan({
  name: 'weekly',
  autoRollback: true,
  rings: [
    {
      name: 'internal',
      kind: 'INTERNAL',
      selector: 'tenant=internal',
      maxParallel: 50,
      bake: '30m',
      gate: 'AUTO',
      failureBudget: { maxFailures: 1 },
    },
    {
      name: 'everyone',
      kind: 'ALL',
      selector: '',
      maxParallel: 500,
      bake: '2h',
      gate: 'MANUAL',
      failureBudget: { maxFailurePercent: 5 },
    },
  ],
});

const TRAIN_FIELDS = `id status releaseVersion ringPlanName currentRing
  release { version components { name image } }
  ringPlan { name rings { name } }
  rings { name status bakeEndsAt targetCounts { total pending deploying healthy failed excluded rolledBack } }
  targets(first: 100) { totalCount pageInfo { hasNextPage } edges { node { environment cluster tenant ring status attribution { cause } } } }
  attributions { environment cause }
  events(first: 50) { totalCount edges { node { type message } } }`;

interface TrainView {
  id: string;
  releaseVersion: string;
  ringPlanName: string;
  release: { version: string; components: { name: string }[] };
  ringPlan: { name: string };
  rings: { name: string; status: string; targetCounts: Record<string, number> }[];
  targets: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean };
    edges: { node: { environment: string; status: string; attribution: { cause: string } | null } }[];
  };
  attributions: { environment: string; cause: string }[];
  events: { totalCount: number; edges: unknown[] };
}

/** The expected counts of a ring holding targets [from, to). */
function expectedCounts(from: number, to: number) {
  const c = { total: 0, pending: 0, deploying: 0, healthy: 0, failed: 0, excluded: 0, rolledBack: 0 };
  for (let i = from; i < to; i++) {
    const s = statusOf(i);
    c.total++;
    if (s === 'PENDING') c.pending++;
    else if (s === 'DEPLOYING') c.deploying++;
    else if (s === 'HEALTHY') c.healthy++;
    else if (s === 'EXCLUDED') c.excluded++;
    else c.failed++;
  }
  return c;
}

/** A train of `size` targets over environments `<prefix>-00000`...; the first INTERNAL are in ring 0. */
async function seedTrain(db: DatabaseHandle, ids: { release: string; plan: string }, prefix: string, size: number) {
  const [{ id }] = await db.query<{ id: string }>(
    `INSERT INTO "Train" ("id", "releaseId", "ringPlanId", "planSnapshot", "status", "currentRing", "startedAt",
       "nextReconcileAt", "createdAt")
     VALUES (gen_random_uuid(), $1, $2, $3::jsonb, 'RUNNING', 'everyone', now(), '2100-01-01', clock_timestamp())
     RETURNING "id"`,
    [ids.release, ids.plan, JSON.stringify(PLAN)],
  );
  await db.query(
    `INSERT INTO "RingRun" ("id", "trainId", "position", "name", "status", "startedAt", "bakeEndsAt")
     VALUES (gen_random_uuid(), $1, 0, 'internal', 'PASSED', now(), now()),
            (gen_random_uuid(), $1, 1, 'everyone', 'DEPLOYING', now(), NULL)`,
    [id],
  );
  await db.query(
    `INSERT INTO "Environment" ("id", "name", "clusterId", "namespace", "tenant", "updatedAt")
     SELECT gen_random_uuid(), $1::text || '-' || lpad(i::text, 5, '0'), (SELECT "id" FROM "Cluster" LIMIT 1),
       'ns-' || i, CASE WHEN i < $3::int THEN 'internal' ELSE 'tenant-' || (i % 50) END, now()
     FROM generate_series(0, $2::int - 1) AS i`,
    [prefix, size, INTERNAL],
  );
  const statuses = Array.from({ length: size }, (_, i) => statusOf(i));
  await db.query(
    `INSERT INTO "Target" ("id", "trainId", "environmentId", "ringPosition", "status", "updatedAt")
     SELECT gen_random_uuid(), $1::text, e."id", CASE WHEN s.i <= $4::int THEN 0 ELSE 1 END, s.status::"TargetStatus",
       now()
     FROM unnest($3::text[]) WITH ORDINALITY AS s(status, i)
     JOIN "Environment" e ON e."name" = $2::text || '-' || lpad((s.i - 1)::text, 5, '0')`,
    [id, prefix, statuses, INTERNAL],
  );
  await db.query(
    `INSERT INTO "Attribution" ("id", "trainId", "targetId", "ring", "cause", "confidence", "evidence")
     SELECT gen_random_uuid(), t."trainId", t."id", CASE WHEN t."ringPosition" = 0 THEN 'internal' ELSE 'everyone' END,
       'CUSTOMER_CODE', 0.9, ARRAY['one tenant only']
     FROM "Target" t WHERE t."trainId" = $1 AND t."status" = 'FAILED'`,
    [id],
  );
  await db.query(
    `INSERT INTO "Event" ("id", "type", "trainId", "ring", "message", "occurredAt", "dispatchedAt")
     SELECT gen_random_uuid(), 'RING_STARTED', $1::text, 'everyone', 'event ' || i, now(), now() FROM generate_series(1, 300) AS i`,
    [id],
  );
  return id;
}

describe.each(modes)('SQL statements of the train API on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let app: INestApplication;
  let url: string;
  const probe = new SqlProbe();
  let big: string;
  let small: string;

  /** Runs `query` as one probed request: its data and the statements it made. */
  async function probed<T>(tag: string, query: string, variables?: Record<string, unknown>) {
    const send = (attempt: string) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ADMIN_TOKEN}`,
          [PROBE_HEADER]: attempt,
        },
        body: JSON.stringify({ query, variables }),
      });
    // a kept-alive connection idle through the seeding may be closed by the server just as it is reused: the
    // query only reads, so it is sent again (under a fresh tag) on a network failure
    let attempt = tag;
    const response = await send(attempt).catch(() => send((attempt = `${tag}-again`)));
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return { data: body.data!, statements: probe.of(attempt) };
  }

  beforeAll(async () => {
    testDb = await makeDatabase();
    const config = { ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN }), database: testDb.config };
    db = await openDatabase(config.database);
    await applyPendingMigrations(db);

    @Module({ imports: [AppModule.forRoot(config, probe.wrap(db))] })
    class ProbedApp implements NestModule {
      configure(consumer: MiddlewareConsumer) {
        consumer.apply(probe.middleware).forRoutes('graphql');
      }
    }
    app = await NestFactory.create(ProbedApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    const admin = graphqlClient(url, ADMIN_TOKEN);
    const release = await admin<{ createRelease: { id: string } }>(
      `mutation { createRelease(input: { version: "2026.49.0", components: [
        { name: "author", image: "cms/author:2026.49.0" }, { name: "publish", image: "cms/publish:2026.49.0" }] }) { id } }`,
    );
    const plan = await admin<{ upsertRingPlan: { id: string } }>(
      `mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { id } }`,
      {
        input: {
          name: PLAN.name,
          autoRollback: true,
          rings: [
            {
              name: 'internal',
              kind: 'INTERNAL',
              selector: 'tenant=internal',
              maxParallel: 50,
              bake: '30m',
              gate: 'AUTO',
              failureBudget: { maxFailures: 1 },
            },
            {
              name: 'everyone',
              kind: 'ALL',
              selector: '',
              maxParallel: 500,
              bake: '2h',
              gate: 'MANUAL',
              failureBudget: { maxFailurePercent: 5 },
            },
          ],
        },
      },
    );
    const ids = { release: release.data!.createRelease.id, plan: plan.data!.upsertRingPlan.id };
    await db.query(
      `INSERT INTO "Cluster" ("id", "name", "region", "labels", "state", "updatedAt")
       VALUES (gen_random_uuid(), 'eu-1', 'eu', '{"region":"eu"}', 'CORDONED', now())`,
    );
    small = await seedTrain(db, ids, 'small', SMALL);
    big = await seedTrain(db, ids, 'big', BIG);
  }, SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await testDb?.drop();
  });

  it(`reads a ${BIG}-target train with everything in at most ${MAX_STATEMENTS} statements`, async () => {
    const { data, statements } = await probed<{ train: TrainView }>(
      'big-train',
      `query($id: ID!) { train(id: $id) { ${TRAIN_FIELDS} } }`,
      { id: big },
    );
    const train = data.train;
    expect(train).toMatchObject({ id: big, releaseVersion: '2026.49.0', ringPlanName: 'weekly' });
    expect(train.release.components.map((c) => c.name)).toEqual(['author', 'publish']);
    expect(train.rings.map((r) => [r.name, r.status, r.targetCounts])).toEqual([
      ['internal', 'PASSED', expectedCounts(0, INTERNAL)],
      ['everyone', 'DEPLOYING', expectedCounts(INTERNAL, BIG)],
    ]);
    expect(train.targets.totalCount).toBe(BIG);
    expect(train.targets.pageInfo.hasNextPage).toBe(true);
    expect(train.targets.edges).toHaveLength(100);
    expect(train.targets.edges[0].node.environment).toBe('big-00000');
    for (const { node } of train.targets.edges) {
      expect(node.attribution?.cause ?? null).toBe(node.status === 'FAILED' ? 'CUSTOMER_CODE' : null);
    }
    expect(train.attributions).toHaveLength(expectedFailed(BIG));
    expect(train.events.totalCount).toBe(300);
    expect(train.events.edges).toHaveLength(50);
    // on failure, the statements over the bound are listed
    expect(statements.slice(MAX_STATEMENTS)).toEqual([]);

    const tiny = await probed('small-train', `query($id: ID!) { train(id: $id) { ${TRAIN_FIELDS} } }`, { id: small });
    expect(tiny.statements).toHaveLength(statements.length);
  });

  it('lists both trains with everything in the same statements plus the total count', async () => {
    const one = await probed<{ train: TrainView }>('one', `query($id: ID!) { train(id: $id) { ${TRAIN_FIELDS} } }`, {
      id: big,
    });
    const list = await probed<{ trains: { totalCount: number; edges: { node: TrainView }[] } }>(
      'two-trains',
      `{ trains(first: 2) { totalCount edges { node { ${TRAIN_FIELDS} } } } }`,
    );
    expect(list.data.trains.totalCount).toBe(2);
    // newest first
    expect(list.data.trains.edges.map((e) => e.node.id)).toEqual([big, small]);
    expect(list.data.trains.edges.map((e) => e.node.rings[1].targetCounts.total)).toEqual([
      BIG - INTERNAL,
      SMALL - INTERNAL,
    ]);
    expect(list.statements.slice(one.statements.length + 1)).toEqual([]);
  });
});

function expectedFailed(size: number): number {
  let n = 0;
  for (let i = 0; i < size; i++) if (statusOf(i) === 'FAILED') n++;
  return n;
}
