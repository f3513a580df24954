import type { DatabaseHandle } from './database.handle.js';
import { DatabaseError } from './database.errors.js';
import { MIGRATIONS_DIR, PRISMA_SCHEMA_PATH } from './migration.paths.js';
import { Migrator } from './migrator.js';

/** Applies every pending migration (`prisma migrate deploy`); returns the names applied. */
export async function applyPendingMigrations(db: DatabaseHandle): Promise<string[]> {
  const migrator = await Migrator.create({
    adapter: db.adapter,
    schemaPath: PRISMA_SCHEMA_PATH,
    migrationsDir: MIGRATIONS_DIR,
  });
  try {
    return await migrator.deploy();
  } catch (error) {
    throw new DatabaseError(`migrations failed on ${db.description}: ${firstLine(error)}`, { cause: error });
  } finally {
    migrator.free();
  }
}

/** Writes a new migration from the difference between the migrations folder and schema.prisma. */
export async function createMigrationFromSchema(db: DatabaseHandle, name: string): Promise<string | null> {
  const migrator = await Migrator.create({
    adapter: db.adapter,
    schemaPath: PRISMA_SCHEMA_PATH,
    migrationsDir: MIGRATIONS_DIR,
  });
  try {
    return await migrator.createMigration(name);
  } finally {
    migrator.free();
  }
}

/** The SQL needed to bring the migrations up to schema.prisma; empty when they agree. */
export async function schemaDrift(db: DatabaseHandle): Promise<string> {
  const migrator = await Migrator.create({
    adapter: db.adapter,
    schemaPath: PRISMA_SCHEMA_PATH,
    migrationsDir: MIGRATIONS_DIR,
  });
  try {
    return await migrator.diffMigrationsToSchema();
  } finally {
    migrator.free();
  }
}

function firstLine(error: unknown): string {
  const message =
    error instanceof Error ? error.message : typeof error === 'object' ? JSON.stringify(error) : String(error);
  return message.split('\n')[0];
}
