import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient, type GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';
import { subscribe } from './api.ws.client.js';

// trainEvents over a real WebSocket against the running service: delivered from the Event table, so a command run
// on another replica (same PostgreSQL) reaches a subscriber here.

const ADMIN_TOKEN = 'train-events-admin-token-01';
const SERVICE_START_TIMEOUT_MS = 180_000;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const TRAIN_EVENTS = `subscription($id: ID!, $after: String) {
  trainEvents(trainId: $id, after: $after) { id type message cursor trainId } }`;
const EVENTS = `query($id: ID!, $after: String) {
  train(id: $id) { events(first: 500, after: $after) { pageInfo { endCursor } edges { node { id type cursor } } } } }`;

interface LiveEvent {
  id: string;
  type: string;
  cursor: string;
}
type EventsPage = { train: { events: { pageInfo: { endCursor: string | null }; edges: { node: LiveEvent }[] } } };

describe.each(modes)('trainEvents on %s', (mode, makeDatabase) => {
  let testDb: TestDatabase;
  let service: RunningService;
  let admin: GraphQLClient;
  let viewerToken: string;

  beforeAll(async () => {
    testDb = await makeDatabase();
    const config = { ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN }), database: testDb.config };
    service = await startService(config);
    admin = graphqlClient(service.url, ADMIN_TOKEN);
    const viewer = await admin<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "watcher", role: VIEWER) { token } }',
    );
    viewerToken = viewer.data!.createApiToken.token;
    await admin(
      'mutation { createRelease(input: {version: "2026.50.0", components: [{name: "author", image: "a:1"}]}) { id } }',
    );
    const ring = { kind: 'ALL', selector: '', maxParallel: 1, bake: '1s', failureBudget: { maxFailures: 0 } };
    const plan = await admin(`mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { id } }`, {
      input: { name: 'gated', rings: [{ ...ring, name: 'only', gate: 'MANUAL' }] },
    });
    expect(plan.errors).toBeUndefined();
  }, SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await service?.close();
    await testDb?.drop();
  });

  async function newTrain(): Promise<string> {
    const created = await admin<{ createTrain: { id: string } }>(
      'mutation { createTrain(input: {releaseVersion: "2026.50.0", ringPlan: "gated"}) { id } }',
    );
    expect(created.errors).toBeUndefined();
    return created.data!.createTrain.id;
  }

  const eventsOf = async (id: string, after?: string | null) =>
    (await admin<EventsPage>(EVENTS, { id, after })).data!.train.events;

  it('delivers every event after the cursor as it happens, in order, exactly as Train.events lists them', async () => {
    const id = await newTrain();
    const before = await eventsOf(id);
    expect(before.edges.map((e) => e.node.type)).toEqual(['TRAIN_CREATED']);
    const live = subscribe<LiveEvent>(
      service.url,
      viewerToken,
      TRAIN_EVENTS,
      { id, after: before.pageInfo.endCursor },
      (d) => d.trainEvents as LiveEvent,
    );
    try {
      for (const command of ['startTrain', 'pauseTrain', 'resumeTrain', 'cancelTrain']) {
        const done = await admin(`mutation($id: ID!) { ${command}(id: $id) { status } }`, { id });
        expect(done.errors).toBeUndefined();
      }
      const received = await live.until((e) => e.type === 'TRAIN_CANCELLED');
      const stored = await eventsOf(id, before.pageInfo.endCursor);
      expect(received).toEqual(stored.edges.map((e) => expect.objectContaining(e.node)));
      expect(received.map((e) => e.type)).toEqual(
        expect.arrayContaining(['TRAIN_STARTED', 'TRAIN_PAUSED', 'TRAIN_RESUMED', 'TRAIN_CANCELLED']),
      );
      expect(live.errors).toEqual([]);
    } finally {
      await live.close();
    }
  });

  it('without a cursor starts at the present: history is not replayed', async () => {
    const id = await newTrain();
    expect((await admin(`mutation($id: ID!) { startTrain(id: $id) { status } }`, { id })).errors).toBeUndefined();
    const history = (await eventsOf(id)).edges.map((e) => e.node.id);
    const live = subscribe<LiveEvent>(
      service.url,
      viewerToken,
      TRAIN_EVENTS,
      { id },
      (d) => d.trainEvents as LiveEvent,
    );
    try {
      // the subscription is set up asynchronously: toggle pause until its first event arrives
      let paused = false;
      for (let i = 0; i < 50 && live.received.length === 0; i++) {
        const toggled = await admin(
          `mutation($id: ID!) { ${paused ? 'resumeTrain' : 'pauseTrain'}(id: $id) { status } }`,
          {
            id,
          },
        );
        expect(toggled.errors).toBeUndefined();
        paused = !paused;
        await Promise.race([live.until(() => true), new Promise((r) => setTimeout(r, 300))]);
      }
      const stored = (await eventsOf(id)).edges.map((e) => e.node.id);
      const ids = live.received.map((e) => e.id);
      expect(ids.length).toBeGreaterThan(0);
      for (const old of history) expect(ids).not.toContain(old);
      const first = stored.indexOf(ids[0]);
      expect(stored.slice(first, first + ids.length)).toEqual(ids);
    } finally {
      await live.close();
    }
  });

  it.each([
    ['an unknown train with NOT_FOUND', { id: '00000000-0000-0000-0000-000000000000' }, viewer, 'NOT_FOUND'],
    ['a forged cursor with BAD_USER_INPUT', { id: 'x', after: 'bm9wZQ' }, viewer, 'BAD_USER_INPUT'],
    ['no token with UNAUTHENTICATED', { id: 'x' }, () => undefined, 'UNAUTHENTICATED'],
  ])('refuses %s', async (_name, variables, token, code) => {
    const live = subscribe(service.url, token(), TRAIN_EVENTS, variables, (d) => d);
    try {
      await live.ended;
      expect(live.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code }) })]);
    } finally {
      await live.close();
    }
  });
  function viewer() {
    return viewerToken;
  }

  if (mode === 'PostgreSQL') {
    it('delivers events written by another replica on the same database', async () => {
      const other = await startService({
        // the first replica migrated the database already
        ...loadConfig({
          PORT: '0',
          RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
          RINGMASTER_INSTANCE_ID: 'replica-b',
          RINGMASTER_MIGRATE_ON_START: 'false',
        }),
        database: testDb.config,
      });
      try {
        const id = await newTrain();
        const before = await eventsOf(id);
        const live = subscribe<LiveEvent>(
          service.url,
          viewerToken,
          TRAIN_EVENTS,
          { id, after: before.pageInfo.endCursor },
          (d) => d.trainEvents as LiveEvent,
        );
        try {
          const onB = graphqlClient(other.url, ADMIN_TOKEN);
          expect((await onB(`mutation($id: ID!) { cancelTrain(id: $id) { status } }`, { id })).errors).toBeUndefined();
          const received = await live.until((e) => e.type === 'TRAIN_CANCELLED');
          expect(received.map((e) => e.type)).toEqual(['TRAIN_CANCELLED']);
        } finally {
          await live.close();
        }
      } finally {
        await other.close();
      }
    });
  }
});
