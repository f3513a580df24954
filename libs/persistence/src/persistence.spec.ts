import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DatabaseHandle } from './database.handle.js';
import { migrationStatus } from './migration.status.js';
import { isUniqueViolation } from './database.errors.js';
import { applyPendingMigrations, schemaDrift } from './migrations.js';
import { isEmptyMigration } from './migrator.js';
import { createPrismaClient } from './prisma.client.js';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from './test-database.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

describe.each(modes)('persistence on %s', (_mode, makeDatabase) => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;

  beforeAll(async () => {
    testDb = await makeDatabase();
    db = await openDatabase(testDb.config);
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('applies every migration once, like prisma migrate deploy', async () => {
    expect((await migrationStatus(db)).applied).toEqual([]);
    const applied = await applyPendingMigrations(db);
    expect(applied.length).toBeGreaterThan(0);
    expect(await applyPendingMigrations(db)).toEqual([]);
    expect(await migrationStatus(db)).toEqual({ applied, pending: [] });
  });

  it('stores and reads a release with its components', async () => {
    const prisma = createPrismaClient(db);
    await prisma.release.create({
      data: {
        version: '2026.47.1',
        components: { create: [{ name: 'author', image: 'registry.example/author:2026.47.1' }] },
      },
    });
    const release = await prisma.release.findUnique({ where: { version: '2026.47.1' }, include: { components: true } });
    expect(release?.components.map((c) => c.image)).toEqual(['registry.example/author:2026.47.1']);
    await prisma.$disconnect();
  });

  it('reports a duplicate key as a unique violation, whatever code the driver gives it', async () => {
    const prisma = createPrismaClient(db);
    const error = await prisma.release.create({ data: { version: '2026.47.1' } }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    const dangling = await prisma.releaseComponent
      .create({ data: { releaseId: 'no-such-release', name: 'author', image: 'registry.example/author:1' } })
      .catch((e: unknown) => e);
    expect(dangling).toBeInstanceOf(Error);
    expect(isUniqueViolation(dangling)).toBe(false);
    await prisma.$disconnect();
  });
});

describe('schema.prisma and the migrations', () => {
  it('agree (run `npm run db:migration -- <name>` after changing the schema)', async () => {
    const testDb = embeddedTestDatabase();
    const db = await openDatabase(testDb.config);
    try {
      const drift = await schemaDrift(db);
      expect(isEmptyMigration(drift) ? '' : drift).toBe('');
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe('the embedded database', () => {
  it('refuses a second opening of the same folder with a clear error, and keeps data across a reopen', async () => {
    const testDb = embeddedTestDatabase();
    const first = await openDatabase(testDb.config);
    await expect(openDatabase(testDb.config)).rejects.toThrow(/in use by another process/);
    await first.query('CREATE TABLE kept (v int)');
    await first.query('INSERT INTO kept VALUES (42)');
    await first.close();
    const second = await openDatabase(testDb.config);
    expect(await second.query('SELECT v FROM kept')).toEqual([{ v: 42 }]);
    await second.close();
    await testDb.drop();
  });
});

describe('PostgreSQL connection errors', () => {
  it('says in one line that the server cannot be reached', async () => {
    await expect(openDatabase({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:1/none' })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/none: connection refused/,
    );
  });
});
