import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService } from '../apps/ringmaster/src/bootstrap.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

describe.each(modes)('the service on %s', (_mode, makeDatabase) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('migrates at start, reports ready, answers GraphQL, and keeps its data across a restart', async () => {
    const testDb = await makeDatabase();
    cleanups.push(() => testDb.drop());
    const config = { ...loadConfig({ PORT: '0' }), database: testDb.config };

    const first = await startService(config);
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: { status: 'up' },
      migrations: { pending: [] },
    });
    const gql = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ serviceInfo { name database } }' }),
    });
    expect(await gql.json()).toEqual({ data: { serviceInfo: { name: 'ringmaster', database: testDb.config.kind } } });
    await first.db.query(`INSERT INTO "Release" (id, version) VALUES ('r1', '2026.47.1')`);
    await first.close();

    const second = await startService(config);
    cleanups.push(() => second.close());
    expect(await second.db.query('SELECT version FROM "Release"')).toEqual([{ version: '2026.47.1' }]);
  });

  it('reports not ready while migrations are pending', async () => {
    const testDb = await makeDatabase();
    cleanups.push(() => testDb.drop());
    const service = await startService({
      ...loadConfig({ PORT: '0', RINGMASTER_MIGRATE_ON_START: 'false' }),
      database: testDb.config,
    });
    cleanups.push(() => service.close());
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { migrations: { pending: string[] } }).migrations.pending.length).toBeGreaterThan(
      0,
    );
  });
});
