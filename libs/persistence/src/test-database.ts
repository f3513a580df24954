import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '@ringmaster/config';

/** A throw-away database for a test file: a fresh PGlite folder, or a fresh database on TEST_DATABASE_URL's server. */
export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

export function embeddedTestDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringmaster-pglite-'));
  return {
    config: { kind: 'embedded', dataDir: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `ringmaster_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
