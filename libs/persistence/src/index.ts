export { openDatabase, type DatabaseHandle } from './database.handle.js';
export { DatabaseError, isUniqueViolation } from './database.errors.js';
export { applyPendingMigrations, createMigrationFromSchema, schemaDrift } from './migrations.js';
export { migrationStatus, type MigrationStatus } from './migration.status.js';
export { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from './test-database.js';
export { createPrismaClient } from './prisma.client.js';
export { PrismaClient, Prisma } from './generated/prisma/client.js';
export type * from './generated/prisma/client.js';
export { TrainStore, LeaseStore, type LoadedTrain, type SaveOutcome, type CreateTrainRecord } from './trains/index.js';
