import type { PrismaClient } from '../generated/prisma/client.js';

/**
 * Leases on table Lease: a name (`train:<id>`) held by one replica until it expires. Acquire takes a free or
 * expired lease, or renews one already held; release gives it up. Each is one statement, so two replicas racing
 * for the same lease cannot both win. Times are epoch milliseconds from the caller's (injected) clock.
 */
export class LeaseStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** The lease name of a train. */
  static trainLease(trainId: string): string {
    return `train:${trainId}`;
  }

  /** Takes or renews `name` for `holder` until now + ttlMs; true when `holder` holds it afterwards. */
  async acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const rows = await this.prisma.$queryRawUnsafe<{ holder: string }[]>(
      `INSERT INTO "Lease" ("name", "holder", "expiresAt", "renewedAt")
       VALUES ($1, $2, (to_timestamp($3::float8 / 1000.0) AT TIME ZONE 'UTC'), (to_timestamp($4::float8 / 1000.0) AT TIME ZONE 'UTC'))
       ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt",
         "renewedAt" = EXCLUDED."renewedAt"
       WHERE "Lease"."holder" = EXCLUDED."holder" OR "Lease"."expiresAt" <= EXCLUDED."renewedAt"
       RETURNING "holder"`,
      name,
      holder,
      now + ttlMs,
      now,
    );
    return rows.length === 1 && rows[0].holder === holder;
  }

  /** Extends a lease `holder` still holds (not expired); false when it was lost. */
  async renew(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const count = await this.prisma.$executeRawUnsafe(
      `UPDATE "Lease" SET "expiresAt" = (to_timestamp($3::float8 / 1000.0) AT TIME ZONE 'UTC'),
         "renewedAt" = (to_timestamp($4::float8 / 1000.0) AT TIME ZONE 'UTC')
       WHERE "name" = $1 AND "holder" = $2 AND "expiresAt" > (to_timestamp($4::float8 / 1000.0) AT TIME ZONE 'UTC')`,
      name,
      holder,
      now + ttlMs,
      now,
    );
    return count === 1;
  }

  /** Gives the lease up if `holder` holds it; idempotent. */
  async release(name: string, holder: string): Promise<void> {
    await this.prisma.lease.deleteMany({ where: { name, holder } });
  }

  /** Who holds `name` at `now`, or null when it is free or expired. */
  async holder(name: string, now: number): Promise<string | null> {
    const lease = await this.prisma.lease.findUnique({ where: { name } });
    return lease && lease.expiresAt.getTime() > now ? lease.holder : null;
  }
}
