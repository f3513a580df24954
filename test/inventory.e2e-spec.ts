import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encryptSecret } from '@ringmaster/clusters';
import { startFleetSim, type FleetSim } from '@ringmaster/fleet-sim';
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
import { ClusterConnections } from '../apps/ringmaster/src/inventory/cluster.connections.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met; last: ${JSON.stringify(last).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

describe.each(modes)('inventory sync on %s', (_mode, makeDatabase) => {
  const key = randomBytes(32);
  let sim: FleetSim;
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let connections: ClusterConnections;

  beforeAll(async () => {
    sim = await startFleetSim({
      kubeconfigDir: mkdtempSync(path.join(tmpdir(), 'ringmaster-kubeconfigs-')),
      scenario: {
        settings: { tick: '50ms', podStart: '150ms', bookmarkInterval: '300ms' },
        platform: { version: '2026.46.0' },
        clusters: [
          { name: 'eu-1', region: 'eu' },
          { name: 'us-1', region: 'us' },
        ],
        environments: {
          list: [
            {
              name: 'acme-prod',
              cluster: 'eu-1',
              tenant: 'acme',
              cohort: 'early',
              customerRevision: 'c-1',
              replicas: 1,
            },
            { name: 'globex-prod', cluster: 'eu-1', tenant: 'globex', workloadRef: true, replicas: 1 },
            { name: 'clash', cluster: 'us-1', tenant: 'initech', labels: { environment: 'acme-prod' }, replicas: 1 },
          ],
        },
      },
    });
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    const eu = sim.clusters.find((c) => c.name === 'eu-1')!;
    await prisma.cluster.create({
      data: {
        name: 'eu-1',
        region: 'eu',
        labels: { region: 'eu' },
        kubeconfigEncrypted: encryptSecret(key, eu.kubeconfig, 'eu-1'),
      },
    });
    connections = new ClusterConnections(prisma, key, () => new Date(), {
      fleet: {
        client: {
          rateLimit: { qps: 100, burst: 100 },
          requestTimeoutMs: 1_000,
          retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
        },
        watchBackoff: { initialMs: 50, maxMs: 300 },
      },
      sync: { intervalMs: 60_000, debounceMs: 100 },
    });
    await connections.start();
  });
  afterAll(async () => {
    await connections?.close();
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
    await sim?.close();
  });

  it('writes discovered environments, labels and components at start', async () => {
    const envs = await until(
      () =>
        prisma.environment.findMany({
          orderBy: { name: 'asc' },
          include: { components: { orderBy: { name: 'asc' } } },
        }),
      (e) => e.length === 2,
    );
    expect(envs.map((e) => [e.name, e.namespace, e.tenant, e.cohort, e.customerRevision, e.goneAt])).toEqual([
      ['acme-prod', 'acme-prod', 'acme', 'early', 'c-1', null],
      ['globex-prod', 'globex-prod', 'globex', null, 'r1', null],
    ]);
    expect(envs[0].labels).toMatchObject({
      environment: 'acme-prod',
      tenant: 'acme',
      cohort: 'early',
      region: 'eu',
      cluster: 'eu-1',
    });
    expect(envs[0].components.map((c) => [c.name, c.rolloutName, c.image, c.workloadRef])).toEqual([
      ['author', 'author', 'cms/author:2026.46.0', null],
      ['publish', 'publish', 'cms/publish:2026.46.0', null],
    ]);
    expect(envs[1].components.map((c) => [c.image, c.workloadRef])).toEqual([
      ['cms/author:2026.46.0', 'author'],
      ['cms/publish:2026.46.0', 'publish'],
    ]);
  });

  it('a second cluster holding a known name (kubeconfig path) is a conflict, not a merge', async () => {
    const us = sim.clusters.find((c) => c.name === 'us-1')!;
    const row = await prisma.cluster.create({
      data: { name: 'us-1', region: 'us', labels: { region: 'us' }, kubeconfigPath: us.kubeconfigPath! },
    });
    const r = await connections.connect(row);
    expect(r).toMatchObject({ ok: true, sync: { ok: true, summary: { conflicts: 1, upserted: 0 } } });
    const conflicts = await prisma.discoveryConflict.findMany();
    expect(conflicts.map((c) => [c.clusterId, c.environment, c.namespace])).toEqual([[row.id, 'acme-prod', 'clash']]);
    expect((await prisma.environment.findUnique({ where: { name: 'acme-prod' } }))?.namespace).toBe('acme-prod');
  });

  it('records a customer revision change seen by the watch (debounced sync)', async () => {
    sim.injectFault({
      kind: 'customer-code',
      environment: 'acme-prod',
      revision: 'c-2',
      effect: 'error-rate',
      errorRate: 0,
    });
    const changes = await until(
      () => prisma.customerRevisionChange.findMany(),
      (c) => c.length === 1,
    );
    expect(changes.map((c) => [c.revision, c.previous])).toEqual([['c-2', 'c-1']]);
    const env = await prisma.environment.findUnique({ where: { name: 'acme-prod' } });
    expect([env?.customerRevision, env?.customerRevisionChangedAt instanceof Date]).toEqual(['c-2', true]);
    // a second sync with nothing new records nothing
    await connections.sync.syncCluster('eu-1');
    expect(await prisma.customerRevisionChange.count()).toBe(1);
  });

  it('marks a cluster UNREACHABLE during an API outage and ACTIVE after it', async () => {
    const id = sim.injectFault({ kind: 'api-outage', cluster: 'us-1', mode: 'unavailable' });
    await connections.sync.syncCluster('us-1');
    const down = await prisma.cluster.findUnique({ where: { name: 'us-1' } });
    expect([down?.state, down?.unreachableSince instanceof Date, typeof down?.lastError]).toEqual([
      'UNREACHABLE',
      true,
      'string',
    ]);
    sim.clearFaults(id);
    await connections.sync.syncCluster('us-1');
    const up = await prisma.cluster.findUnique({ where: { name: 'us-1' } });
    expect([up?.state, up?.unreachableSince]).toEqual(['ACTIVE', null]);
  });

  it('cordons and disconnects through the registry', async () => {
    expect(connections.cordon('eu-1', true)).toBe(true);
    const r = await connections.driver.deploy(
      {
        environment: 'globex-prod',
        cluster: 'eu-1',
        namespace: 'globex-prod',
        components: [{ component: 'author', rollout: 'author' }],
      },
      { author: 'cms/author:2026.47.0' },
    );
    expect(r).toMatchObject({ outcome: 'rejected', error: { code: 'CORDONED' } });
    await connections.disconnect('us-1');
    expect(connections.registry.names()).toEqual(['eu-1']);
  });
});
