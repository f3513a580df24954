import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient, type GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';
import { subscribe, type LiveSubscription } from './api.ws.client.js';

// A release manager's day, end to end through the running service and fleet-sim, over HTTP and a WebSocket:
// register the clusters, define a ring plan, create a release, start a train and follow it live through
// trainEvents, approve a ring, halt, roll back; what arrived live is exactly the train's event list.

const ADMIN_TOKEN = 'rm-day-admin-token-0123456';
const SERVICE_START_TIMEOUT_MS = 180_000;
const DAY_TIMEOUT_MS = 240_000;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const OLD = '2026.46.0';
const NEW = '2026.47.0';
const COMPONENTS = ['author', 'publish'];
const INTERNAL = ['int-a', 'int-b'];
const EU = ['shop-eu-1', 'shop-eu-2'];
const US = ['shop-us-1', 'shop-us-2'];

const scenario: FleetScenario = {
  name: 'release-manager-day',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: [
      { name: 'int-a', cluster: 'eu-1', tenant: 'internal', replicas: 1 },
      { name: 'int-b', cluster: 'us-1', tenant: 'internal', replicas: 1 },
      ...EU.map((name) => ({ name, cluster: 'eu-1', tenant: name, replicas: 1 })),
      ...US.map((name) => ({ name, cluster: 'us-1', tenant: name, replicas: 1 })),
    ],
  },
};

interface LiveEvent {
  id: string;
  type: string;
  ring: string | null;
  environment: string | null;
  message: string;
  cursor: string;
}
const EVENT_FIELDS = 'id type ring environment message cursor';
const TRAIN_VIEW = `id status currentRing haltReason releaseVersion
  rings { name status targetCounts { total healthy rolledBack } }`;

interface TrainView {
  status: string;
  currentRing: string | null;
  rings: { name: string; status: string; targetCounts: { total: number; healthy: number; rolledBack: number } }[];
}

describe.each(modes)("a release manager's day on %s", (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let sim: FleetSim;
  let service: RunningService;
  let admin: GraphQLClient;
  let manager: GraphQLClient;
  let managerToken: string;

  beforeAll(async () => {
    testDb = await makeDatabase();
    sim = await startFleetSim({ scenario });
    service = await startService({
      ...loadConfig({
        PORT: '0',
        RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
        RINGMASTER_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      }),
      database: testDb.config,
    });
    admin = graphqlClient(service.url, ADMIN_TOKEN);
    const token = await admin<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "release-manager", role: RELEASE_MANAGER) { token } }',
    );
    managerToken = token.data!.createApiToken.token;
    manager = graphqlClient(service.url, managerToken);
  }, SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await testDb?.drop();
  });

  /** A GraphQL call that must succeed. */
  async function ok<T>(client: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<T> {
    const { data, errors } = await client<T>(query, variables);
    expect(errors).toBeUndefined();
    return data!;
  }

  const latestImage = (env: string, component: string) =>
    sim
      .imageHistory(env)
      .filter((h) => h.component === component)
      .at(-1)?.image;

  it(
    'registers, plans, releases, starts, follows live, approves, halts and rolls back',
    async () => {
      // morning: the fleet and the plan
      for (const cluster of sim.clusters) {
        await ok(admin, `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { name } }`, {
          input: { name: cluster.name, region: cluster.region, kubeconfig: cluster.kubeconfig },
        });
        const found = await ok<{ discoverEnvironments: { ok: boolean } }>(
          admin,
          `mutation($c: String!) { discoverEnvironments(cluster: $c) { ok } }`,
          { c: cluster.name },
        );
        expect(found.discoverEnvironments.ok).toBe(true);
      }
      const ring = { maxParallel: 2, bake: '1s', failureBudget: { maxFailures: 0 } };
      await ok(manager, `mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { name } }`, {
        input: {
          name: 'weekly',
          rings: [
            { ...ring, name: 'internal', kind: 'INTERNAL', selector: 'tenant=internal', gate: 'AUTO' },
            { ...ring, name: 'eu', kind: 'REGION', selector: 'region=eu', gate: 'MANUAL' },
            { ...ring, name: 'everyone', kind: 'ALL', selector: '', gate: 'MANUAL' },
          ],
        },
      });
      await ok(manager, `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { version } }`, {
        input: { version: NEW, components: COMPONENTS.map((c) => ({ name: c, image: `cms/${c}:${NEW}` })) },
      });

      // the train, and the live feed from just after its creation
      const created = await ok<{ createTrain: { id: string; events: { pageInfo: { endCursor: string } } } }>(
        manager,
        `mutation { createTrain(input: {releaseVersion: "${NEW}", ringPlan: "weekly"}) {
          id events(first: 10) { pageInfo { endCursor } } } }`,
      );
      const id = created.createTrain.id;
      const since = created.createTrain.events.pageInfo.endCursor;
      const live: LiveSubscription<LiveEvent> = subscribe(
        service.url,
        managerToken,
        `subscription($id: ID!, $after: String) { trainEvents(trainId: $id, after: $after) { ${EVENT_FIELDS} } }`,
        { id, after: since },
        (d) => d.trainEvents as LiveEvent,
      );
      try {
        const listed = await ok<{ trains: { edges: { node: { id: string; status: string } }[] } }>(
          manager,
          '{ trains(status: [SCHEDULED]) { edges { node { id status } } } }',
        );
        expect(listed.trains.edges.map((e) => e.node)).toEqual([{ id, status: 'SCHEDULED' }]);
        await ok(manager, `mutation($id: ID!) { startTrain(id: $id) { status } }`, { id });

        // internal passes on its own; the eu ring waits for a human
        await live.until((e) => e.type === 'RING_AWAITING_APPROVAL' && e.ring === 'eu');
        const waiting = await ok<{ train: TrainView }>(
          manager,
          `query($id: ID!) { train(id: $id) { ${TRAIN_VIEW} } }`,
          {
            id,
          },
        );
        expect(waiting.train.status).toBe('AWAITING_APPROVAL');
        expect(
          waiting.train.rings.map((r) => [r.name, r.status, r.targetCounts.total, r.targetCounts.healthy]),
        ).toEqual([
          ['internal', 'PASSED', INTERNAL.length, INTERNAL.length],
          ['eu', 'AWAITING_APPROVAL', EU.length, 0],
          ['everyone', 'PENDING', US.length, 0],
        ]);
        const early = await manager(`mutation($id: ID!) { approveRing(trainId: $id, ring: "everyone") { status } }`, {
          id,
        });
        expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');
        await ok(manager, `mutation($id: ID!) { approveRing(trainId: $id, ring: "eu") { status } }`, { id });

        // eu passes; before everyone is approved, the release manager halts and rolls back
        await live.until((e) => e.type === 'RING_AWAITING_APPROVAL' && e.ring === 'everyone');
        for (const env of [...INTERNAL, ...EU]) {
          for (const c of COMPONENTS) expect(latestImage(env, c)).toBe(`cms/${c}:${NEW}`);
        }
        const halted = await ok<{ haltTrain: { status: string; haltReason: string } }>(
          manager,
          `mutation($id: ID!) { haltTrain(id: $id, reason: "support tickets from eu") { status haltReason } }`,
          { id },
        );
        expect(halted.haltTrain).toEqual({ status: 'HALTED', haltReason: 'support tickets from eu' });
        await ok(
          manager,
          `mutation($id: ID!) { rollbackTrain(id: $id, reason: "support tickets from eu") { status } }`,
          {
            id,
          },
        );
        const received = await live.until((e) => e.type === 'TRAIN_ROLLED_BACK');

        // evening: everything reached is back on the old release, the rest never saw the new one
        for (const env of [...INTERNAL, ...EU]) {
          for (const c of COMPONENTS) expect(latestImage(env, c)).toBe(`cms/${c}:${OLD}`);
        }
        for (const env of US) expect(sim.imageHistory(env).some((h) => h.image.includes(NEW))).toBe(false);
        const done = await ok<{
          train: TrainView & {
            events: { edges: { node: LiveEvent }[] };
            targets: { edges: { node: { status: string } }[] };
          };
        }>(
          manager,
          `query($id: ID!, $after: String) { train(id: $id) { ${TRAIN_VIEW}
            targets(filter: {ring: "eu"}) { edges { node { status } } }
            events(first: 500, after: $after) { edges { node { ${EVENT_FIELDS} } } } } }`,
          { id, after: since },
        );
        expect(done.train.status).toBe('ROLLED_BACK');
        expect(done.train.targets.edges.map((e) => e.node.status)).toEqual(EU.map(() => 'ROLLED_BACK'));
        expect(done.train.rings.map((r) => r.targetCounts.rolledBack)).toEqual([INTERNAL.length, EU.length, 0]);

        // what arrived live is the train's own record of the day, event for event, in order
        expect(received).toEqual(done.train.events.edges.map((e) => e.node));
        expect(received.map((e) => e.type)).toEqual(
          expect.arrayContaining([
            'TRAIN_STARTED',
            'RING_STARTED',
            'RING_PASSED',
            'RING_APPROVED',
            'TRAIN_HALTED',
            'ROLLBACK_STARTED',
            'TARGET_ROLLED_BACK',
            'TRAIN_ROLLED_BACK',
          ]),
        );
        expect(live.errors).toEqual([]);
      } finally {
        await live.close();
      }
    },
    DAY_TIMEOUT_MS,
  );
});
