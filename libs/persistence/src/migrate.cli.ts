// `npm run db:migrate` (deploy), `npm run db:status`, `npm run db:migration -- <name>` (create from the schema diff).
import { ConfigError, loadConfig } from '@ringmaster/config';
import { openDatabase } from './database.handle.js';
import { DatabaseError } from './database.errors.js';
import { migrationStatus } from './migration.status.js';
import { applyPendingMigrations, createMigrationFromSchema } from './migrations.js';

const [command, name] = process.argv.slice(2);
const usage = 'usage: db.mjs deploy | status | create <name>';

try {
  if (!['deploy', 'status', 'create'].includes(command ?? '') || (command === 'create' && !name)) {
    console.error(usage);
    process.exit(2);
  }
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    if (command === 'deploy') {
      const applied = await applyPendingMigrations(db);
      console.log(
        applied.length
          ? `applied ${applied.join(', ')} on ${db.description}`
          : `no pending migrations on ${db.description}`,
      );
    } else if (command === 'status') {
      const status = await migrationStatus(db);
      console.log(
        `${db.description}: ${status.applied.length} applied, ${status.pending.length} pending${status.pending.length ? ` (${status.pending.join(', ')})` : ''}`,
      );
      process.exitCode = status.pending.length ? 1 : 0;
    } else {
      const created = await createMigrationFromSchema(db, name!);
      console.log(
        created
          ? `wrote prisma/migrations/${created}/migration.sql`
          : 'schema.prisma and the migrations agree: nothing to write',
      );
    }
  } finally {
    await db.close();
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseError) {
    console.error(`ringmaster: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
