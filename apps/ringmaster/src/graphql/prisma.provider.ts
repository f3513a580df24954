import type { Provider } from '@nestjs/common';
import { createPrismaClient, type DatabaseHandle, type PrismaClient } from '@ringmaster/persistence';
import { DATABASE_HANDLE } from '../database/database.tokens.js';

/** DI token of the service's one PrismaClient (on the DatabaseHandle's adapter). Repositories inject it. */
export const PRISMA_CLIENT = Symbol('PRISMA_CLIENT');

/** Provides PRISMA_CLIENT; the client is disconnected when the application closes. */
export const prismaClientProvider: Provider = {
  provide: PRISMA_CLIENT,
  inject: [DATABASE_HANDLE],
  useFactory: (db: DatabaseHandle): PrismaClient => createPrismaClient(db),
};

/** A Prisma transaction client, for repositories that take part in a caller's transaction. */
export type PrismaTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
