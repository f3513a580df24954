import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import { openDatabase, postgresTestDatabase, type DatabaseHandle, type TestDatabase } from '@ringmaster/persistence';
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

// Two replicas of the service (two processes, distinct RINGMASTER_INSTANCE_ID) on one PostgreSQL drive ten trains
// over disjoint environment sets against one fleet-sim. Leases keep each train with one replica at a time; one
// replica is killed mid-way and the other takes its trains over once their leases expire. PGlite cannot be shared,
// so on the embedded database the second replica must refuse to start instead.

const ADMIN_TOKEN = 'engine-replicas-admin-token-01';
const START_TIMEOUT_MS = 180_000;
const TRAINS_TIMEOUT_MS = 180_000;
const OLD = '2026.46.0';
const RELEASE = '2026.47.0';
const COMPONENTS = ['author', 'publish'];
const TRAINS = 10;
const GROUPS = Array.from({ length: TRAINS }, (_, g) => `g${g}`);
const ENVS = GROUPS.flatMap((group, g) =>
  ['first', 'rest', 'rest'].map((ring, n) => ({
    name: `${group}-${n}`,
    group,
    cohort: `${group}-${ring}`,
    cluster: (g + n) % 2 ? 'us-1' : 'eu-1',
  })),
);

const scenario: FleetScenario = {
  name: 'engine-replicas',
  settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 60, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: ENVS.map((e) => ({ name: e.name, cluster: e.cluster, tenant: e.name, cohort: e.cohort, replicas: 1 })),
  },
};

function replicaEnv(database: Record<string, string>, instance: string, key: string): Record<string, string> {
  return {
    ...database,
    RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
    RINGMASTER_ENCRYPTION_KEY: key,
    RINGMASTER_INSTANCE_ID: instance,
    LOG_LEVEL: 'warn',
  };
}

const serverUrl = process.env.TEST_DATABASE_URL;

if (serverUrl) {
  describe('two replicas of the service on PostgreSQL', () => {
    let testDb: TestDatabase;
    let db: DatabaseHandle;
    let sim: FleetSim;
    const replicas: ServiceProcess[] = [];
    /** every holder seen on each train's lease, in the order first seen */
    const holders = new Map<string, string[]>();
    let sampling: NodeJS.Timeout | undefined;

    beforeAll(async () => {
      buildService();
      testDb = await postgresTestDatabase(serverUrl);
      sim = await startFleetSim({ scenario });
      const key = randomBytes(32).toString('hex');
      const database = { DATABASE_URL: testDb.config.kind === 'postgres' ? testDb.config.url : '' };
      replicas.push(await startServiceProcess(replicaEnv(database, 'replica-a', key)));
      const admin = graphqlClient(replicas[0].url, ADMIN_TOKEN);
      await registerFleet(admin, sim);
      await createRelease(admin, RELEASE, COMPONENTS);
      for (const group of GROUPS) {
        await upsertPlan(admin, `plan-${group}`, [
          { name: 'first', selector: `cohort=${group}-first` },
          { name: 'rest', selector: `cohort=${group}-rest` },
        ]);
      }
      // the second replica connects the clusters the first registered when it starts
      replicas.push(await startServiceProcess(replicaEnv(database, 'replica-b', key)));
      db = await openDatabase(testDb.config);
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      if (sampling) clearInterval(sampling);
      for (const r of replicas) await r.kill();
      await db?.close();
      await sim?.close();
      await testDb?.drop();
    });

    function sampleLeases(): void {
      sampling = setInterval(() => {
        void db
          .query<{ name: string; holder: string }>(`SELECT "name", "holder" FROM "Lease" WHERE "expiresAt" > now()`)
          .then(
            (rows) => {
              for (const { name, holder } of rows) {
                const seen = holders.get(name.replace(/^train:/, '')) ?? [];
                if (seen.at(-1) !== holder) seen.push(holder);
                holders.set(name.replace(/^train:/, ''), seen);
              }
            },
            () => undefined,
          );
      }, 100);
    }

    it(
      'ten trains complete, each environment gets the release once, both replicas drive trains and the survivor takes over',
      async () => {
        sampleLeases();
        const [a, b] = replicas.map((r) => graphqlClient(r.url, ADMIN_TOKEN));
        // each replica wakes the trains it was asked to create at once: half start on each
        const ids: string[] = [];
        for (const [g, group] of GROUPS.entries())
          ids.push(await createAndStart(g % 2 ? b : a, RELEASE, `plan-${group}`));

        // kill replica A while trains are mid-way: some environments written, not all
        await waitUntil(
          () => ENVS.filter((e) => imageWrites(sim, e.name).length > 0).length >= TRAINS,
          TRAINS_TIMEOUT_MS,
          () => `trains did not get going:\n${replicas[0].output()}\n${replicas[1].output()}`,
        );
        const heldByA = new Set(
          (await db.query<{ name: string }>(`SELECT "name" FROM "Lease" WHERE "holder" = 'replica-a'`)).map((r) =>
            r.name.replace(/^train:/, ''),
          ),
        );
        await replicas[0].kill();

        await waitUntil(
          async () => (await Promise.all(ids.map((id) => readTrain(b, id)))).every((t) => t.status === 'COMPLETED'),
          TRAINS_TIMEOUT_MS,
          async () =>
            `trains: ${JSON.stringify(await Promise.all(ids.map((id) => readTrain(b, id))))}\n${replicas[1].output()}`,
        );
        clearInterval(sampling);

        for (const e of ENVS) {
          expect({ env: e.name, writes: imageWrites(sim, e.name) }).toEqual({
            env: e.name,
            writes: COMPONENTS.map((c) => ({ component: c, image: releaseImage(c, RELEASE) })),
          });
        }
        // spread: both replicas held train leases; takeover: every train A held when it died finished under B
        const everHeld = new Set([...holders.values()].flat());
        expect([...everHeld].sort()).toEqual(['replica-a', 'replica-b']);
        expect(heldByA.size).toBeGreaterThan(0);
        for (const id of heldByA) expect(holders.get(id)?.at(-1)).toBe('replica-b');
        const events = await db.query<{ trainId: string; type: string; ring: string | null; n: number }>(
          `SELECT "trainId", "type", "ring", count(*)::int AS "n" FROM "Event" WHERE "trainId" = ANY($1)
           GROUP BY 1, 2, 3`,
          [ids],
        );
        expect(events.filter((e) => e.n > 1)).toEqual([]);
        expect(events.filter((e) => e.type === 'TRAIN_COMPLETED')).toHaveLength(TRAINS);
      },
      TRAINS_TIMEOUT_MS * 2,
    );
  });
} else {
  describe('two replicas of the service on one embedded database', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringmaster-replicas-'));
    let first: ServiceProcess | undefined;

    beforeAll(() => buildService(), START_TIMEOUT_MS);
    afterAll(async () => {
      await first?.kill();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'the second replica refuses to start (PGlite is one process per folder; replicas need PostgreSQL)',
      async () => {
        const key = randomBytes(32).toString('hex');
        first = await startServiceProcess(replicaEnv({ RINGMASTER_DATA_DIR: dataDir }, 'replica-a', key));
        await expect(
          startServiceProcess(replicaEnv({ RINGMASTER_DATA_DIR: dataDir }, 'replica-b', key)),
        ).rejects.toThrow(/in use by another process/);
        expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      },
      START_TIMEOUT_MS,
    );
  });
}
