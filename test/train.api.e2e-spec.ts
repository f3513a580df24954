import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient, type GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';

// The whole path a release manager takes, through the running service: GraphQL → use case → engine → driver →
// fleet-sim. Clusters are registered over the API (inline kubeconfigs), environments discovered from their
// Rollouts, and the service's own reconcile loop drives the trains.

const ADMIN_TOKEN = 'train-api-admin-token-0123';
const SERVICE_START_TIMEOUT_MS = 180_000;
const TRAIN_TIMEOUT_MS = 90_000;
const SETTLE_TIMEOUT_MS = 10_000;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const OLD = '2026.46.0';
const GOOD = '2026.47.0';
const BAD = '2026.47.9';
const COMPONENTS = ['author', 'publish'];
const INTERNAL = ['int-a', 'int-b'];
const CUSTOMERS = ['shop-0', 'shop-1', 'shop-2', 'shop-3'];

const scenario: FleetScenario = {
  name: 'train-api',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: [...INTERNAL, ...CUSTOMERS].map((name, n) => ({
      name,
      cluster: n % 2 ? 'us-1' : 'eu-1',
      tenant: INTERNAL.includes(name) ? 'internal' : name,
      replicas: 1,
    })),
  },
  faults: [{ id: 'bad', kind: 'bad-release', match: { image: BAD }, effect: 'crashloop' }],
};

const TRAIN_FIELDS = `id status currentRing haltReason releaseVersion ringPlanName
  rings { name status targetCounts { total pending deploying healthy failed excluded rolledBack } }`;

interface TrainView {
  id: string;
  status: string;
  currentRing: string | null;
  haltReason: string | null;
  rings: { name: string; status: string; targetCounts: Record<string, number> }[];
}

/** The value of one sample line, e.g. `ringmaster_attributions_total{cause="RELEASE"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** `read()` once `done` holds of it, or its last value after SETTLE_TIMEOUT_MS. */
async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(modes)('a release manager drives trains through the service on %s', (_mode, makeDatabase) => {
  let service: RunningService;
  let testDb: TestDatabase;
  let sim: FleetSim;
  let admin: GraphQLClient;
  let manager: GraphQLClient;

  beforeAll(async () => {
    testDb = await makeDatabase();
    sim = await startFleetSim({ scenario });
    const env = {
      PORT: '0',
      RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
      RINGMASTER_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    service = await startService({ ...loadConfig(env), database: testDb.config });
    admin = graphqlClient(service.url, ADMIN_TOKEN);
    const token = await admin<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "rm", role: RELEASE_MANAGER) { token } }',
    );
    manager = graphqlClient(service.url, token.data!.createApiToken.token);

    for (const cluster of sim.clusters) {
      const registered = await admin(
        `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { name } }`,
        { input: { name: cluster.name, region: cluster.region, kubeconfig: cluster.kubeconfig } },
      );
      expect(registered.errors).toBeUndefined();
      const discovered = await admin<{ discoverEnvironments: { ok: boolean } }>(
        `mutation($c: String!) { discoverEnvironments(cluster: $c) { ok upserted } }`,
        { c: cluster.name },
      );
      expect(discovered.data?.discoverEnvironments.ok).toBe(true);
    }
    const listed = await manager<{ environments: { totalCount: number } }>('{ environments { totalCount } }');
    expect(listed.data?.environments.totalCount).toBe(INTERNAL.length + CUSTOMERS.length);

    for (const version of [GOOD, BAD]) {
      const created = await manager(
        `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { version } }`,
        {
          input: { version, components: COMPONENTS.map((c) => ({ name: c, image: `cms/${c}:${version}` })) },
        },
      );
      expect(created.errors).toBeUndefined();
    }
    const ring = { maxParallel: 2, bake: '1s', failureBudget: { maxFailures: 0 } };
    const plan = await manager(`mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { name } }`, {
      input: {
        name: 'weekly',
        autoRollback: true,
        rings: [
          { ...ring, name: 'internal', kind: 'INTERNAL', selector: 'tenant=internal', gate: 'AUTO' },
          { ...ring, name: 'everyone', kind: 'ALL', selector: '', gate: 'MANUAL' },
        ],
      },
    });
    expect(plan.errors).toBeUndefined();
  }, SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await testDb?.drop();
  });

  async function createAndStart(version: string): Promise<string> {
    const created = await manager<{ createTrain: TrainView }>(
      `mutation($input: CreateTrainInput!) { createTrain(input: $input) { ${TRAIN_FIELDS} } }`,
      { input: { releaseVersion: version, ringPlan: 'weekly' } },
    );
    expect(created.errors).toBeUndefined();
    const train = created.data!.createTrain;
    expect(train.status).toBe('SCHEDULED');
    expect(train.rings.map((r) => r.targetCounts.total)).toEqual([INTERNAL.length, CUSTOMERS.length]);
    const started = await manager<{ startTrain: TrainView }>(`mutation($id: ID!) { startTrain(id: $id) { status } }`, {
      id: train.id,
    });
    expect(started.data?.startTrain.status).toBe('RUNNING');
    return train.id;
  }

  /** Reads the train over the API until it is in one of `statuses` (the service's loop does the work). */
  async function waitFor(id: string, statuses: string[]): Promise<TrainView> {
    const deadline = Date.now() + TRAIN_TIMEOUT_MS;
    for (;;) {
      const read = await manager<{ train: TrainView }>(`query($id: ID!) { train(id: $id) { ${TRAIN_FIELDS} } }`, {
        id,
      });
      const train = read.data!.train;
      if (statuses.includes(train.status)) return train;
      if (Date.now() > deadline) throw new Error(`train still ${train.status}: ${JSON.stringify(train.rings)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function scrapeMetrics(): Promise<string> {
    const res = await fetch(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  }

  const latestImages = (env: string) =>
    COMPONENTS.map(
      (c) =>
        sim
          .imageHistory(env)
          .filter((h) => h.component === c)
          .at(-1)?.image,
    );

  it(
    'a good release passes the internal ring, waits at the manual gate, and reaches everyone once approved',
    async () => {
      const id = await createAndStart(GOOD);
      const waiting = await waitFor(id, ['AWAITING_APPROVAL', 'HALTED', 'ROLLED_BACK', 'COMPLETED']);
      expect(waiting.status).toBe('AWAITING_APPROVAL');
      expect(waiting.rings[0]).toMatchObject({ status: 'PASSED', targetCounts: { healthy: INTERNAL.length } });
      for (const env of CUSTOMERS) expect(latestImages(env)).toEqual(COMPONENTS.map((c) => `cms/${c}:${OLD}`));

      const early = await manager(`mutation($id: ID!) { approveRing(trainId: $id, ring: "internal") { status } }`, {
        id,
      });
      expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');
      const approved = await manager(`mutation($id: ID!) { approveRing(trainId: $id, ring: "everyone") { status } }`, {
        id,
      });
      expect(approved.errors).toBeUndefined();

      const done = await waitFor(id, ['COMPLETED', 'HALTED', 'ROLLED_BACK']);
      expect(done.status).toBe('COMPLETED');
      expect(done.rings.map((r) => r.targetCounts.healthy)).toEqual([INTERNAL.length, CUSTOMERS.length]);
      for (const env of [...INTERNAL, ...CUSTOMERS]) {
        expect(latestImages(env)).toEqual(COMPONENTS.map((c) => `cms/${c}:${GOOD}`));
      }
    },
    TRAIN_TIMEOUT_MS * 2,
  );

  it(
    'a crash-looping release halts in the internal ring and is rolled back there; customers never get it',
    async () => {
      const id = await createAndStart(BAD);
      const done = await waitFor(id, ['ROLLED_BACK', 'COMPLETED', 'AWAITING_APPROVAL']);
      expect(done.status).toBe('ROLLED_BACK');
      expect(done.haltReason).toBeTruthy();
      for (const env of INTERNAL) expect(latestImages(env)).toEqual(COMPONENTS.map((c) => `cms/${c}:${GOOD}`));
      for (const env of CUSTOMERS) {
        expect(sim.imageHistory(env).some((h) => h.image.includes(BAD))).toBe(false);
      }
      const missing = await manager('{ train(id: "00000000-0000-0000-0000-000000000000") { id } }');
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    },
    TRAIN_TIMEOUT_MS * 2,
  );

  it(
    "counts the trains above in its own /metrics: passes timed, each cluster's requests by verb, attributions by cause",
    async () => {
      const text = await scrapeMetrics();
      expect(sample(text, 'ringmaster_reconcile_pass_duration_seconds_count')).toBeGreaterThan(0);
      expect(sample(text, 'ringmaster_reconcile_pass_duration_seconds_sum')).toBeGreaterThan(0);
      for (const { name } of sim.clusters) {
        for (const verb of ['list', 'watch']) {
          expect(sample(text, `ringmaster_kube_requests_total{cluster="${name}",verb="${verb}"}`)).toBeGreaterThan(0);
        }
      }

      // the service is the only client that patches, so every PATCH fleet-sim received is counted; the last pass's
      // actions may still be in flight when the train reads ROLLED_BACK
      const patches = await settled(
        async () => {
          const now = await scrapeMetrics();
          return sim.clusters.map(({ name }) => ({
            counted: sample(now, `ringmaster_kube_requests_total{cluster="${name}",verb="patch"}`),
            received: sim.requestCounts(name).patch,
          }));
        },
        (perCluster) => perCluster.every((c) => c.counted === c.received),
      );
      for (const { counted, received } of patches) {
        expect(counted).toBeGreaterThan(0);
        expect(counted).toBe(received);
      }

      const stored = await service.db.query<{ cause: string; n: number }>(
        'SELECT cause::text AS cause, count(*)::int AS n FROM "Attribution" GROUP BY cause',
      );
      // the crash loop's targets, whatever cause the judge found (UNKNOWN here); each row written counts once
      expect(stored.length).toBeGreaterThan(0);
      for (const { cause, n } of stored) {
        expect(sample(text, `ringmaster_attributions_total{cause="${cause}"}`)).toBe(n);
      }
    },
    SETTLE_TIMEOUT_MS * 2,
  );
});
