import type { DatabaseHandle } from './database.handle.js';
import { DatabaseError } from './database.errors.js';
import { MIGRATIONS_DIR, PRISMA_SCHEMA_PATH } from './migration.paths.js';
import { Migrator } from './migrator.js';

async function withMigrator<T>(
  db: DatabaseHandle,
  work: (migrator: Migrator) => Promise<T>,
  adapter = db.adapter,
): Promise<T> {
  const migrator = await Migrator.create({
    adapter,
    schemaPath: PRISMA_SCHEMA_PATH,
    migrationsDir: MIGRATIONS_DIR,
  });
  try {
    return await work(migrator);
  } finally {
    migrator.free();
  }
}

/** Applies every pending migration (`prisma migrate deploy`); returns the names applied. */
export async function applyPendingMigrations(db: DatabaseHandle): Promise<string[]> {
  // on its own connections (PostgreSQL), closed after: that releases the engine's migration lock for other replicas
  const dedicated = await db.openDedicatedAdapter?.();
  try {
    return await withMigrator(db, (migrator) => migrator.deploy(), dedicated?.adapter);
  } catch (error) {
    throw new DatabaseError(`migrations failed on ${db.description}: ${firstLine(error)}`, { cause: error });
  } finally {
    await dedicated?.close();
  }
}

/** Writes a new migration from the difference between the migrations folder and schema.prisma. */
export function createMigrationFromSchema(db: DatabaseHandle, name: string): Promise<string | null> {
  return withMigrator(db, (migrator) => migrator.createMigration(name));
}

/** The SQL needed to bring the migrations up to schema.prisma; empty when they agree. */
export function schemaDrift(db: DatabaseHandle): Promise<string> {
  return withMigrator(db, (migrator) => migrator.diffMigrationsToSchema());
}

function firstLine(error: unknown): string {
  const message =
    error instanceof Error ? error.message : typeof error === 'object' ? JSON.stringify(error) : String(error);
  return message.split('\n')[0];
}
