import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
import { TrainTargetsReader } from '../apps/ringmaster/src/engine/train-targets.reader.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

describe.each(modes)('TrainTargetsReader on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  let clock = 0;

  beforeAll(async () => {
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    const eu = await prisma.cluster.create({ data: { name: 'eu-1', region: 'eu', prometheusUrl: 'http://prom-eu' } });
    const us = await prisma.cluster.create({ data: { name: 'us-1', region: 'us' } });
    await prisma.environment.create({
      data: {
        name: 'acme-prod',
        clusterId: eu.id,
        namespace: 'acme',
        components: {
          create: [
            { name: 'publish', rolloutName: 'publish-ro' },
            { name: 'author', rolloutName: 'author-ro' },
          ],
        },
      },
    });
    await prisma.environment.create({ data: { name: 'bare-prod', clusterId: us.id, namespace: 'bare' } });
    await prisma.release.create({
      data: { version: '2026.47.0', components: { create: [{ name: 'author', image: 'cms/author:2026.47.0' }] } },
    });
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
  });

  it('reads each environment once with its cluster, namespace and components, and its Prometheus', async () => {
    const reader = new TrainTargetsReader(prisma, 60_000, () => clock);
    const read = await reader.read('2026.47.0', ['acme-prod', 'bare-prod', 'nowhere']);
    expect([...read.targets.keys()].sort()).toEqual(['acme-prod', 'bare-prod']);
    expect(read.targets.get('acme-prod')).toEqual({
      environment: 'acme-prod',
      cluster: 'eu-1',
      namespace: 'acme',
      components: [
        { component: 'author', rollout: 'author-ro' },
        { component: 'publish', rollout: 'publish-ro' },
      ],
    });
    expect(read.targets.get('bare-prod')).toEqual({
      environment: 'bare-prod',
      cluster: 'us-1',
      namespace: 'bare',
      components: [],
    });
    expect(read.releaseImages).toEqual({ author: 'cms/author:2026.47.0' });
    expect(Object.fromEntries(read.prometheusUrls)).toEqual({ 'acme-prod': 'http://prom-eu', 'bare-prod': null });
  });

  it('keeps what it read for its max age, then reads it again (a deleted environment is gone)', async () => {
    const reader = new TrainTargetsReader(prisma, 60_000, () => clock);
    await reader.read('2026.47.0', ['acme-prod', 'bare-prod']);
    await prisma.component.updateMany({ where: { name: 'author' }, data: { rolloutName: 'author-renamed' } });
    await prisma.environment.delete({ where: { name: 'bare-prod' } });

    clock += 30_000;
    const kept = await reader.read('2026.47.0', ['acme-prod', 'bare-prod']);
    expect(kept.targets.get('acme-prod')?.components[0]).toEqual({ component: 'author', rollout: 'author-ro' });
    expect(kept.targets.has('bare-prod')).toBe(true);

    clock += 31_000;
    const fresh = await reader.read('2026.47.0', ['acme-prod', 'bare-prod']);
    expect(fresh.targets.get('acme-prod')?.components[0]).toEqual({ component: 'author', rollout: 'author-renamed' });
    expect(fresh.targets.has('bare-prod')).toBe(false);
  });
});
