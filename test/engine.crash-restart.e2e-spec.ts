import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatabaseConfig } from '@ringmaster/config';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, openDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { graphqlClient } from '../apps/ringmaster/src/graphql/graphql.client.js';
import {
  createAndStart,
  createRelease,
  imageWrites,
  readTrain,
  registerFleet,
  releaseImage,
  upsertPlan,
  waitUntil,
} from './engine.fleet-api.js';
import { buildService, startServiceProcess, type ServiceProcess } from './engine.service-process.js';

// kill -9 in the middle of a ring, twice, and a new process on the same database finishes the train without
// deploying anything twice. The service runs as its own process (built, as `npm start` runs it); fleet-sim runs
// here. On PostgreSQL (TEST_DATABASE_URL) or, without one, on an embedded database folder the new process reopens.
// The restarted process keeps the instance id, as a restarted container does (hostname-pid), so it holds the lease.

const ADMIN_TOKEN = 'engine-crash-admin-token-0123';
const START_TIMEOUT_MS = 180_000;
const RING_TIMEOUT_MS = 90_000;
const OLD = '2026.46.0';
const RELEASE = '2026.47.0';
const COMPONENTS = ['author', 'publish'];
const RINGS = { internal: 2, early: 4, everyone: 6 } as const;
type RingName = keyof typeof RINGS;
const ENVS = (Object.keys(RINGS) as RingName[]).flatMap((ring) =>
  Array.from({ length: RINGS[ring] }, (_, n) => ({ name: `${ring}-${n}`, ring, cluster: n % 2 ? 'us-1' : 'eu-1' })),
);

const scenario: FleetScenario = {
  name: 'engine-crash-restart',
  settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 30, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: ENVS.map((e) => ({
      name: e.name,
      cluster: e.cluster,
      tenant: e.name,
      replicas: 1,
      ...(e.ring === 'everyone' ? {} : { cohort: e.ring }),
    })),
  },
};

const serverUrl = process.env.TEST_DATABASE_URL;
const mode = serverUrl ? 'PostgreSQL' : 'an embedded database folder';

describe(`the engine across kill -9 and restart, on ${mode}`, () => {
  let testDb: TestDatabase;
  let sim: FleetSim;
  let env: Record<string, string>;
  let service: ServiceProcess | undefined;
  const outputs: string[] = [];

  beforeAll(async () => {
    buildService();
    testDb = serverUrl ? await postgresTestDatabase(serverUrl) : embeddedTestDatabase();
    sim = await startFleetSim({ scenario });
    env = {
      ...databaseEnv(testDb.config),
      RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
      RINGMASTER_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      RINGMASTER_INSTANCE_ID: 'ringmaster-0',
      LOG_LEVEL: 'warn',
    };
    service = await startServiceProcess(env);
    const admin = graphqlClient(service.url, ADMIN_TOKEN);
    await registerFleet(admin, sim);
    await createRelease(admin, RELEASE, COMPONENTS);
    await upsertPlan(admin, 'weekly', [
      { name: 'internal', selector: 'cohort=internal' },
      { name: 'early', selector: 'cohort=early' },
      { name: 'everyone', selector: '', maxParallel: 3 },
    ]);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await service?.kill();
    await sim?.close();
    await testDb?.drop();
  });

  /** Environments of `ring` the train has written an image to so far. */
  const touched = (ring: RingName) => ENVS.filter((e) => e.ring === ring && imageWrites(sim, e.name).length > 0);

  async function killWhenMidRing(ring: RingName): Promise<number> {
    await waitUntil(
      () => touched(ring).length > 0,
      RING_TIMEOUT_MS,
      () => `ring ${ring} never started:\n${service!.output()}`,
    );
    const deployed = touched(ring).length;
    await service!.kill();
    outputs.push(service!.output());
    service = await startServiceProcess(env);
    return deployed;
  }

  it(
    'SIGKILLed mid-ring twice, a new process completes the train and every environment got the release once',
    async () => {
      const id = await createAndStart(graphqlClient(service!.url, ADMIN_TOKEN), RELEASE, 'weekly');

      const killedInEarly = await killWhenMidRing('early');
      const killedInEveryone = await killWhenMidRing('everyone');
      expect(killedInEarly).toBeLessThan(RINGS.early);
      expect(killedInEveryone).toBeLessThan(RINGS.everyone);

      const client = graphqlClient(service!.url, ADMIN_TOKEN);
      await waitUntil(
        async () => (await readTrain(client, id)).status === 'COMPLETED',
        RING_TIMEOUT_MS * 2,
        async () => `train: ${JSON.stringify(await readTrain(client, id))}\n${service!.output()}`,
      );
      const train = await readTrain(client, id);
      expect(train.rings.map((r) => [r.name, r.status, r.targetCounts.healthy])).toEqual([
        ['internal', 'PASSED', RINGS.internal],
        ['early', 'PASSED', RINGS.early],
        ['everyone', 'PASSED', RINGS.everyone],
      ]);

      // exactly once: each component of each environment was written once, to the release's image (a re-applied
      // deploy of the same attempt is a no-op on the cluster and leaves no second write)
      for (const e of ENVS) {
        expect({ env: e.name, writes: imageWrites(sim, e.name) }).toEqual({
          env: e.name,
          writes: COMPONENTS.map((c) => ({ component: c, image: releaseImage(c, RELEASE) })),
        });
      }
      await service!.stop();
      service = undefined;

      // the stored train agrees: one attempt per target, and no lifecycle event recorded twice across the restarts
      const db = await openDatabase(serviceDatabase(testDb.config));
      try {
        const targets = await db.query<{ attempts: number; status: string }>(
          `SELECT "attempts", "status"::text AS "status" FROM "Target" WHERE "trainId" = $1`,
          [id],
        );
        expect(targets).toHaveLength(ENVS.length);
        expect(targets.every((t) => t.attempts === 1 && t.status === 'HEALTHY')).toBe(true);
        const events = await db.query<{ type: string; ring: string | null; n: number }>(
          `SELECT "type", "ring", count(*)::int AS "n" FROM "Event" WHERE "trainId" = $1 GROUP BY 1, 2`,
          [id],
        );
        expect(events.filter((e) => e.n > 1)).toEqual([]);
        const types = events.map((e) => `${e.type}${e.ring ? `:${e.ring}` : ''}`);
        expect(types).toEqual(
          expect.arrayContaining([
            'TRAIN_STARTED',
            'RING_STARTED:internal',
            'RING_STARTED:early',
            'RING_STARTED:everyone',
            'RING_PASSED:everyone',
            'TRAIN_COMPLETED',
          ]),
        );
      } finally {
        await db.close();
      }
    },
    START_TIMEOUT_MS + RING_TIMEOUT_MS * 4,
  );
});

/** The service's database settings for `config`: DATABASE_URL, or the folder its embedded database lives under. */
function databaseEnv(config: DatabaseConfig): Record<string, string> {
  return config.kind === 'postgres' ? { DATABASE_URL: config.url } : { RINGMASTER_DATA_DIR: config.dataDir };
}

/** The database the service opens with `databaseEnv(config)` (RINGMASTER_DATA_DIR keeps PGlite in `pglite/`). */
function serviceDatabase(config: DatabaseConfig): DatabaseConfig {
  return config.kind === 'postgres' ? config : { kind: 'embedded', dataDir: path.join(config.dataDir, 'pglite') };
}
