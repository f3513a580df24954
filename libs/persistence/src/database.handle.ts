import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DatabaseConfig } from '@ringmaster/config';
import { DatabaseError, describeConnectionError } from './database.errors.js';
import { lockEmbeddedFolder } from './embedded.lock.js';

/** An open database: the driver adapter Prisma and the migrator share, and how to close it. */
export interface DatabaseHandle {
  kind: DatabaseConfig['kind'];
  /** where the data is, without credentials */
  description: string;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** plain SQL on the same database, for health checks and migrations bookkeeping */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * PostgreSQL only: an adapter on a pool of its own, for `applyPendingMigrations`, and how to close it. The schema
   * engine's migration lock is a session advisory lock; taken through the shared pool it stayed held by a pooled
   * connection for the life of the process, so a second replica's start waited for it forever. Closing this pool
   * ends those sessions and so releases the lock.
   */
  openDedicatedAdapter?(): Promise<{ adapter: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** Opens the configured database and checks that it answers. Throws DatabaseError with a one-line reason. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.kind === 'postgres' ? openPostgres(config.url) : openEmbedded(config.dataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  // Discrete config, not { connectionString }: PrismaPg's shadow database does new Pool({ ...config, database }),
  // and a connectionString would override `database` so the shadow replay would hit the main database.
  let config: pg.PoolConfig;
  try {
    config = parseIntoClientConfig(url) as pg.PoolConfig;
  } catch (error) {
    throw new DatabaseError(`DATABASE_URL is not a valid PostgreSQL URL: ${(error as Error).message}`);
  }
  const where = `${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? ''}`;
  const pool = new pg.Pool({ ...config, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle client's error is reported by the next query
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw describeConnectionError(error, where);
  }
  const adapter = new PrismaPg(pool);
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => reportCharColumnsAsText(await connect());
  const shadows = new Set<() => Promise<void>>();
  // PrismaPg drops its shadow database before closing its pool ("being accessed by other users"), leaking it.
  adapter.connectToShadowDb = async () => {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await pool.query(`CREATE DATABASE "${name}"`);
    const shadowPool = new pg.Pool({ ...config, database: name });
    const shadow = reportCharColumnsAsText(await new PrismaPg(shadowPool).connect());
    const drop = async () => {
      shadows.delete(drop);
      await shadowPool.end();
      await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    shadows.add(drop);
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await drop();
    };
    return shadow;
  };
  return {
    kind: 'postgres',
    description: `PostgreSQL at ${where}`,
    adapter,
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    openDedicatedAdapter: async () => {
      const own = new pg.Pool({ ...config, connectionTimeoutMillis: 10_000 });
      own.on('error', () => undefined);
      const dedicated = new PrismaPg(own);
      const connectOwn = dedicated.connect.bind(dedicated);
      dedicated.connect = async () => reportCharColumnsAsText(await connectOwn());
      return { adapter: dedicated, close: () => own.end() };
    },
    close: async () => {
      for (const drop of [...shadows]) await drop();
      await pool.end();
    },
  };
}

async function openEmbedded(dir: string): Promise<DatabaseHandle> {
  mkdirSync(dir, { recursive: true }); // PGlite creates only the last path segment
  const unlock = lockEmbeddedFolder(dir);
  let db: PGlite;
  try {
    db = new PGlite(dir);
    await db.waitReady;
  } catch (error) {
    unlock();
    throw new DatabaseError(`cannot open the embedded database in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const shadows: PGlite[] = [];
  // utils 7.2.0 (nested in pglite-prisma-adapter) vs 7.10.1 types: same shape
  const adapter = new PrismaPGlite(db as never) as unknown as SqlMigrationAwareDriverAdapterFactory;
  // the adapter's own shadow PGlite is never closed and keeps Node alive: open and close our own
  adapter.connectToShadowDb = async () => {
    const shadow = new PGlite();
    shadows.push(shadow);
    return (new PrismaPGlite(shadow as never) as unknown as SqlMigrationAwareDriverAdapterFactory).connect();
  };
  return {
    kind: 'embedded',
    description: `embedded PostgreSQL (PGlite) in ${dir}`,
    adapter,
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: async () => {
      await Promise.all(shadows.splice(0).map((s) => s.close()));
      await db.close();
      unlock();
    },
  };
}

// PrismaPg cannot deserialize Postgres' internal "char" type (oid 18), which the schema engine's catalog queries
// return during a diff: report those columns as text (oid 25).
function reportCharColumnsAsText<T extends object>(queryable: T): T {
  const q = queryable as unknown as { performIO: (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }> };
  const performIO = q.performIO.bind(queryable);
  q.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return queryable;
}
