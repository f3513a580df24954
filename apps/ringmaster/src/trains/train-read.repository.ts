import { Inject, Injectable } from '@nestjs/common';
import type { RingPlan as DomainRingPlan, RingRunStatus, TrainStatus } from '@ringmaster/domain';
import { targetCountsOf } from '@ringmaster/domain';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { dateOf, ms } from './sql.fragments.js';
import type { RingRun, Train } from './train.model.js';

/** Where a `trains` page starts: after this train in newest-first order. */
export interface TrainListCursor {
  createdAt: Date;
  id: string;
}

const TRAIN_COLUMNS = {
  id: true,
  status: true,
  releaseId: true,
  ringPlanId: true,
  planSnapshot: true,
  currentRing: true,
  haltReason: true,
  paused: true,
  autoRollback: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

type TrainRow = Prisma.TrainGetPayload<{ select: typeof TRAIN_COLUMNS }>;

interface RingRow {
  trainId: string;
  name: string;
  status: RingRunStatus;
  startedAt: number | null;
  bakeStartedAt: number | null;
  bakeEndsAt: number | null;
  approvedBy: string | null;
  approvedAt: number | null;
  finishedAt: number | null;
  counts: Record<string, number>;
}

// ring runs with their targets counted by state: one GROUP BY over the targets, whatever their number
const RINGS_SQL = `
SELECT r."trainId", r."name", r."status"::text AS "status", ${ms('r."startedAt"', 'startedAt')},
  ${ms('r."bakeStartedAt"', 'bakeStartedAt')}, ${ms('r."bakeEndsAt"', 'bakeEndsAt')}, r."approvedBy",
  ${ms('r."approvedAt"', 'approvedAt')}, ${ms('r."finishedAt"', 'finishedAt')},
  COALESCE(c."counts", '{}'::jsonb) AS "counts"
FROM "RingRun" r
LEFT JOIN (
  SELECT s."trainId", s."ringPosition", jsonb_object_agg(s."status", s."n") AS "counts"
  FROM (
    SELECT t."trainId", t."ringPosition", t."status"::text AS "status", count(*)::int AS "n"
    FROM "Target" t WHERE t."trainId" = ANY($1::text[])
    GROUP BY t."trainId", t."ringPosition", t."status"
  ) s
  GROUP BY s."trainId", s."ringPosition"
) c ON c."trainId" = r."trainId" AND c."ringPosition" = r."position"
WHERE r."trainId" = ANY($1::text[])
ORDER BY r."trainId", r."position"`;

/** The read side of trains for the API: train rows, pages of trains, and ring runs with their target counts. */
@Injectable()
export class TrainReadRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** Trains by id (one query); ids without a train are missing from the result. */
  async findByIds(ids: readonly string[]): Promise<Train[]> {
    const rows = await this.prisma.train.findMany({ where: { id: { in: [...ids] } }, select: TRAIN_COLUMNS });
    return rows.map(toTrain);
  }

  /** Newest first, `take` rows after `after`, in `statuses` (all when empty). */
  async list(statuses: readonly TrainStatus[], after: TrainListCursor | undefined, take: number): Promise<Train[]> {
    const rows = await this.prisma.train.findMany({
      where: {
        ...statusWhere(statuses),
        ...(after
          ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
      select: TRAIN_COLUMNS,
    });
    return rows.map(toTrain);
  }

  async count(statuses: readonly TrainStatus[]): Promise<number> {
    return this.prisma.train.count({ where: statusWhere(statuses) });
  }

  /** Every ring run of these trains in plan order, with target counts; one statement. */
  async ringsOf(trainIds: readonly string[]): Promise<Map<string, RingRun[]>> {
    const rows = await this.prisma.$queryRawUnsafe<RingRow[]>(RINGS_SQL, [...trainIds]);
    const byTrain = new Map<string, RingRun[]>();
    for (const row of rows) {
      const rings = byTrain.get(row.trainId) ?? [];
      rings.push({
        name: row.name,
        status: row.status,
        startedAt: dateOf(row.startedAt),
        bakeStartedAt: dateOf(row.bakeStartedAt),
        bakeEndsAt: dateOf(row.bakeEndsAt),
        approvedBy: row.approvedBy,
        approvedAt: dateOf(row.approvedAt),
        finishedAt: dateOf(row.finishedAt),
        targetCounts: targetCountsOf(row.counts),
      });
      byTrain.set(row.trainId, rings);
    }
    return byTrain;
  }
}

function statusWhere(statuses: readonly TrainStatus[]) {
  return statuses.length > 0 ? { status: { in: [...statuses] } } : {};
}

function toTrain(row: TrainRow): Train {
  const plan = row.planSnapshot as unknown as DomainRingPlan;
  return {
    id: row.id,
    status: row.status,
    ringPlanName: plan.name,
    currentRing: row.currentRing,
    haltReason: row.haltReason,
    paused: row.paused,
    autoRollback: row.autoRollback,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    releaseId: row.releaseId,
    ringPlanId: row.ringPlanId,
    ringNames: plan.rings.map((r) => r.name),
  };
}
