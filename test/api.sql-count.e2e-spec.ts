import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplication, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ringmaster/config';
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
import {
  expectedCounts,
  expectedInStatus,
  INTERNAL,
  RELEASE,
  SEEDED_EVENTS,
  seedFixtures,
  seedTrain,
} from './api.train-seed.js';

// A release manager's train view of a 20,000-target train costs a fixed, small number of SQL statements: every field
// goes through a per-request DataLoader and the ring counts are one GROUP BY. Statements are counted at the driver
// adapter for the one HTTP request (background loops are not counted), on a real service over real HTTP.

const ADMIN_TOKEN = 'sql-count-admin-token-0123';
const SERVICE_START_TIMEOUT_MS = 180_000;
const BIG = 20_000;
const SMALL = 130;
/** train, release (+components), ring plan (+rings), rings with counts, targets, their attributions, attributions, events */
const MAX_STATEMENTS = 10;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

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

    const ids = await seedFixtures(db, graphqlClient(url, ADMIN_TOKEN));
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
    expect(train).toMatchObject({ id: big, releaseVersion: RELEASE, ringPlanName: 'weekly' });
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
    expect(train.attributions).toHaveLength(expectedInStatus(BIG, 'FAILED'));
    expect(train.events.totalCount).toBe(SEEDED_EVENTS);
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
