import type { DatabaseHandle } from '@ringmaster/persistence';

/** Where `ringmaster_trains` comes from: a count of trains per status, read when Prometheus scrapes. */
export interface TrainStatusSource {
  /** Trains per status; statuses with no train may be absent. Rejects when the database is unreachable. */
  countByStatus(): Promise<Record<string, number>>;
}

/** DI token of the TrainStatusSource. */
export const TRAIN_STATUS_SOURCE = Symbol('TRAIN_STATUS_SOURCE');

/** Counts trains with one plain SQL query on the service's database. */
export class DatabaseTrainStatusSource implements TrainStatusSource {
  constructor(private readonly db: DatabaseHandle) {}

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: string; n: number | string }>(
      'SELECT status::text AS status, count(*)::int AS n FROM "Train" GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
