import { readdir } from 'node:fs/promises';
import type { DatabaseHandle } from './database.handle.js';
import { MIGRATIONS_DIR } from './migration.paths.js';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Compares the migrations folder with `_prisma_migrations` using plain SQL: cheap enough for every readiness probe. */
export async function migrationStatus(db: DatabaseHandle, migrationsDir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const local = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const tables = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`,
  );
  const applied = tables[0]?.exists
    ? (
        await db.query<{ migration_name: string }>(
          'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        )
      ).map((r) => r.migration_name)
    : [];
  const done = new Set(applied);
  return { applied: [...done].sort(), pending: local.filter((name) => !done.has(name)).sort() };
}
