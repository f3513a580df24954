import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient, type GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';
import { CLUSTER, INTERNAL, SEEDED_EVENTS, seedFixtures, seedTrain, statusOf, TENANTS } from './api.train-seed.js';

// The read side of trains over HTTP: the trains connection, and a train's targets and events connections with their
// filters, cursors and input checks. Trains are seeded straight into the tables.

const ADMIN_TOKEN = 'trains-read-admin-token-01';
const SERVICE_START_TIMEOUT_MS = 180_000;
const OLDER_SIZE = 120;
const NEWER_SIZE = 250;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T; cursor: string }[];
}
interface TargetNode {
  environment: string;
  ring: string;
  status: string;
  tenant: string;
  cluster: string;
}

const TARGETS = `query($id: ID!, $filter: TargetFilter, $first: Int, $after: String) { train(id: $id) {
  targets(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { environment ring status tenant cluster } } } } }`;
const EVENTS = `query($id: ID!, $first: Int, $after: String) { train(id: $id) {
  events(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { message cursor } } } } }`;
const TRAINS = `query($status: [TrainStatus!], $first: Int, $after: String) {
  trains(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }`;

describe.each(modes)('the train read API on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let service: RunningService;
  let viewer: GraphQLClient;
  let admin: GraphQLClient;
  let older: string;
  let newer: string;

  beforeAll(async () => {
    testDb = await makeDatabase();
    service = await startService({
      ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN }),
      database: testDb.config,
    });
    admin = graphqlClient(service.url, ADMIN_TOKEN);
    const ids = await seedFixtures(service.db, admin);
    older = await seedTrain(service.db, ids, 'old', OLDER_SIZE);
    newer = await seedTrain(service.db, ids, 'new', NEWER_SIZE);
    await service.db.query(`UPDATE "Train" SET "status" = 'HALTED', "haltReason" = 'by hand' WHERE "id" = $1`, [older]);
    const token = await admin<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "reader", role: VIEWER) { token } }',
    );
    viewer = graphqlClient(service.url, token.data!.createApiToken.token);
  }, SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await service?.close();
    await testDb?.drop();
  });

  const targets = async (variables: Record<string, unknown>) => {
    const { data, errors } = await viewer<{ train: { targets: Page<TargetNode> } }>(TARGETS, {
      id: newer,
      ...variables,
    });
    expect(errors).toBeUndefined();
    return data!.train.targets;
  };

  it('lists trains newest first, by status, a page at a time', async () => {
    const all = await viewer<{ trains: Page<{ id: string; status: string }> }>(TRAINS, {});
    expect(all.data!.trains.edges.map((e) => e.node)).toEqual([
      { id: newer, status: 'RUNNING' },
      { id: older, status: 'HALTED' },
    ]);
    const first = (await viewer<{ trains: Page<{ id: string }> }>(TRAINS, { first: 1 })).data!.trains;
    expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = (
      await viewer<{ trains: Page<{ id: string }> }>(TRAINS, { first: 1, after: first.pageInfo.endCursor })
    ).data!.trains;
    expect(second.edges.map((e) => e.node.id)).toEqual([older]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const halted = (await viewer<{ trains: Page<{ id: string }> }>(TRAINS, { status: ['HALTED', 'ROLLING_BACK'] }))
      .data!.trains;
    expect(halted).toMatchObject({ totalCount: 1, edges: [{ node: { id: older } }] });
    const single = await viewer<{ trains: Page<{ id: string }> }>('{ trains(status: COMPLETED) { totalCount } }');
    expect(single.data!.trains.totalCount).toBe(0);
  });

  it('pages through every target by ring, then environment, with no gap and no repeat', async () => {
    const seen: TargetNode[] = [];
    let after: string | null = null;
    do {
      const page: Page<TargetNode> = await targets({ first: 40, after });
      expect(page.totalCount).toBe(NEWER_SIZE);
      seen.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const names = Array.from({ length: NEWER_SIZE }, (_, i) => `new-${String(i).padStart(5, '0')}`);
    expect(seen.map((t) => t.environment)).toEqual(names);
    expect(seen.map((t) => t.status)).toEqual(names.map((_, i) => statusOf(i)));
    expect(seen.map((t) => t.ring)).toEqual(names.map((_, i) => (i < INTERNAL ? 'internal' : 'everyone')));
  });

  it.each([
    ['ring', { ring: 'internal' }, (i: number) => i < INTERNAL],
    ['states', { status: ['FAILED', 'RETRYING'] }, (i: number) => ['FAILED', 'RETRYING'].includes(statusOf(i))],
    ['tenant', { tenant: 'tenant-7' }, (i: number) => i >= INTERNAL && i % TENANTS === 7],
    ['cluster', { cluster: CLUSTER }, () => true],
    ['unknown cluster', { cluster: 'nowhere' }, () => false],
    ['environment', { environment: 'new-00123' }, (i: number) => i === 123],
    [
      'ring and state together',
      { ring: 'everyone', status: ['PENDING'] },
      (i: number) => i >= INTERNAL && statusOf(i) === 'PENDING',
    ],
  ])('filters targets by %s', async (_name, filter, keep) => {
    const page = await targets({ filter, first: 500 });
    const expected = Array.from({ length: NEWER_SIZE }, (_, i) => i)
      .filter(keep)
      .map((i) => `new-${String(i).padStart(5, '0')}`);
    expect(page.totalCount).toBe(expected.length);
    expect(page.edges.map((e) => e.node.environment)).toEqual(expected);
  });

  it('pages through the events oldest first', async () => {
    type EventsPage = { train: { events: Page<{ message: string; cursor: string }> } };
    const first = (await viewer<EventsPage>(EVENTS, { id: older, first: 200 })).data!.train.events;
    expect(first).toMatchObject({ totalCount: SEEDED_EVENTS, pageInfo: { hasNextPage: true } });
    const rest = (await viewer<EventsPage>(EVENTS, { id: older, first: 200, after: first.pageInfo.endCursor })).data!
      .train.events;
    const messages = [...first.edges, ...rest.edges].map((e) => e.node.message);
    expect(messages).toEqual(Array.from({ length: SEEDED_EVENTS }, (_, i) => `event ${i + 1}`));
    expect(rest.pageInfo.hasNextPage).toBe(false);
    // an event's own cursor is its edge's, so a subscriber can continue from either
    for (const edge of first.edges) expect(edge.node.cursor).toBe(edge.cursor);
  });

  it.each([
    ['an unknown ring', TARGETS, { filter: { ring: 'nope' } }, 'filter.ring'],
    ['a page too large', TARGETS, { first: 501 }, 'first'],
    ['a negative page', EVENTS, { first: -1 }, 'first'],
    ['a forged targets cursor', TARGETS, { after: 'bm9wZQ' }, 'after'],
    ['an events cursor for targets', TARGETS, { after: Buffer.from('c:12').toString('base64url') }, 'after'],
    ['a targets cursor for events', EVENTS, { after: Buffer.from('c:[0,"x"]').toString('base64url') }, 'after'],
    ['a forged trains cursor', TRAINS, { after: Buffer.from('c:nope').toString('base64url') }, 'after'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, query, variables, field) => {
    const { data, errors } = await viewer(query, { id: newer, ...variables });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(data?.train ?? data?.trains ?? null).toBeNull();
  });

  it.each([
    ['a blank halt reason', 'mutation($id: ID!) { haltTrain(id: $id, reason: "  ") { id } }'],
    ['a blank rollback reason', 'mutation($id: ID!) { rollbackTrain(id: $id, reason: "") { id } }'],
    [
      'an exclusion reason too long',
      `mutation($id: ID!) { excludeTarget(trainId: $id, environment: "new-00001", reason: "${'x'.repeat(1001)}") { id } }`,
    ],
  ])('refuses %s with BAD_USER_INPUT on `reason`, writing nothing', async (_name, mutation) => {
    const read = `query($id: ID!) { train(id: $id) { status events { totalCount } targets(filter: {status: EXCLUDED}) { totalCount } } }`;
    const before = await viewer(read, { id: newer });
    const { errors } = await admin(mutation, { id: newer });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await viewer(read, { id: newer })).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown train', async () => {
    const { errors } = await viewer('{ train(id: "00000000-0000-0000-0000-000000000000") { id rings { name } } }');
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
