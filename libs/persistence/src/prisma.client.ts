import { PrismaClient } from './generated/prisma/client.js';
import type { DatabaseHandle } from './database.handle.js';

/** A Prisma client on an open database handle. The handle, not the client, owns the connection. */
export function createPrismaClient(db: DatabaseHandle): PrismaClient {
  return new PrismaClient({ adapter: db.adapter });
}
