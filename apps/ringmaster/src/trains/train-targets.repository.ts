import { Inject, Injectable } from '@nestjs/common';
import type { Cause, TargetStatus } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';
import type { Attribution } from '../attribution/attribution.model.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { dateOf, ms } from './sql.fragments.js';
import type { Target } from './target.model.js';

/** Which targets of each train a page holds; every set criterion must hold. */
export interface TargetQuery {
  ring?: string;
  statuses?: readonly TargetStatus[];
  cluster?: string;
  tenant?: string;
  environment?: string;
  /** the sort key (ring position, environment name) of the last target already seen */
  after?: { ringPosition: number; environment: string };
  /** rows per train */
  take: number;
}

/** One train's page: at most `take` targets in (ring, environment) order, and how many match in all. */
export interface TargetPage {
  rows: (Target & { ringPosition: number })[];
  totalCount: number;
}

interface PageRow {
  trainId: string;
  total: number;
  rows: {
    id: string;
    environment: string;
    cluster: string;
    tenant: string | null;
    ring: string;
    ringPosition: number;
    status: TargetStatus;
    attempts: number;
    message: string | null;
    updatedAt: number;
  }[];
}

interface AttributionRow {
  id: string;
  key: string;
  environment: string;
  ring: string;
  cause: Cause;
  confidence: number;
  evidence: string[];
  signature: string | null;
  overriddenBy: string | null;
  createdAt: number;
}

// $1 train ids, $2 ring name, $3 states, $4 cluster, $5 tenant, $6 environment (each null = any)
const MATCHES = `
  t."trainId" = k."trainId"
  AND ($2::text IS NULL OR r."name" = $2::text)
  AND ($3::text[] IS NULL OR t."status"::text = ANY($3::text[]))
  AND ($4::text IS NULL OR c."name" = $4::text)
  AND ($5::text IS NULL OR e."tenant" = $5::text)
  AND ($6::text IS NULL OR e."name" = $6::text)`;
const JOINS = `
  FROM "Target" t
  JOIN "Environment" e ON e."id" = t."environmentId"
  JOIN "Cluster" c ON c."id" = e."clusterId"
  JOIN "RingRun" r ON r."trainId" = t."trainId" AND r."position" = t."ringPosition"`;

// one statement for every train of the batch: per train, the total and the page ($7/$8 cursor, $9 rows)
const TARGET_PAGES_SQL = `
SELECT k."trainId",
  (SELECT count(*)::int ${JOINS} WHERE ${MATCHES}) AS "total",
  COALESCE((
    SELECT jsonb_agg(p ORDER BY p."ringPosition", p."environment") FROM (
      SELECT t."id", e."name" AS "environment", c."name" AS "cluster", e."tenant", r."name" AS "ring",
        t."ringPosition", t."status"::text AS "status", t."attempts", t."message",
        ${ms('t."updatedAt"', 'updatedAt')}
      ${JOINS}
      WHERE ${MATCHES}
        AND ($7::int IS NULL OR (t."ringPosition", e."name") > ($7::int, $8::text))
      ORDER BY t."ringPosition", e."name"
      LIMIT $9::int
    ) p
  ), '[]'::jsonb) AS "rows"
FROM unnest($1::text[]) AS k("trainId")`;

const ATTRIBUTION_COLUMNS = `a."id", e."name" AS "environment", a."ring", a."cause"::text AS "cause", a."confidence",
  a."evidence", a."signature", a."overriddenBy", ${ms('a."createdAt"', 'createdAt')}
  FROM "Attribution" a JOIN "Target" t ON t."id" = a."targetId" JOIN "Environment" e ON e."id" = t."environmentId"`;

// a target is judged again after a retry: the latest judgement is its attribution
const LATEST_BY_TARGET_SQL = `
SELECT DISTINCT ON (a."targetId") a."targetId" AS "key", ${ATTRIBUTION_COLUMNS}
WHERE a."targetId" = ANY($1::text[])
ORDER BY a."targetId", a."createdAt" DESC, a."id" DESC`;

const BY_TRAIN_SQL = `
SELECT a."trainId" AS "key", ${ATTRIBUTION_COLUMNS}
WHERE a."trainId" = ANY($1::text[])
ORDER BY a."trainId", a."createdAt", a."id"`;

/** Targets and attributions of trains, for the API's DataLoaders: one statement per batch of trains or targets. */
@Injectable()
export class TrainTargetsRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** A page of targets of each train, with the number matching in all. */
  async pages(trainIds: readonly string[], query: TargetQuery): Promise<Map<string, TargetPage>> {
    const rows = await this.prisma.$queryRawUnsafe<PageRow[]>(
      TARGET_PAGES_SQL,
      [...trainIds],
      query.ring ?? null,
      query.statuses && query.statuses.length > 0 ? [...query.statuses] : null,
      query.cluster ?? null,
      query.tenant ?? null,
      query.environment ?? null,
      query.after?.ringPosition ?? null,
      query.after?.environment ?? null,
      query.take,
    );
    return new Map(
      rows.map((row) => [
        row.trainId,
        {
          totalCount: row.total,
          rows: row.rows.map((t) => ({ ...t, updatedAt: new Date(t.updatedAt) })),
        },
      ]),
    );
  }

  /** The latest attribution of each of these targets (by Target.id); unjudged targets are missing. */
  async latestAttributions(targetIds: readonly string[]): Promise<Map<string, Attribution>> {
    const rows = await this.prisma.$queryRawUnsafe<AttributionRow[]>(LATEST_BY_TARGET_SQL, [...targetIds]);
    return new Map(rows.map((row) => [row.key, toAttribution(row)]));
  }

  /** Every attribution of each of these trains, oldest first. */
  async attributionsOf(trainIds: readonly string[]): Promise<Map<string, Attribution[]>> {
    const rows = await this.prisma.$queryRawUnsafe<AttributionRow[]>(BY_TRAIN_SQL, [...trainIds]);
    const byTrain = new Map<string, Attribution[]>();
    for (const row of rows) {
      const list = byTrain.get(row.key) ?? [];
      list.push(toAttribution(row));
      byTrain.set(row.key, list);
    }
    return byTrain;
  }
}

function toAttribution(row: AttributionRow): Attribution {
  return {
    id: row.id,
    environment: row.environment,
    ring: row.ring,
    cause: row.cause,
    confidence: row.confidence,
    evidence: row.evidence,
    signature: row.signature,
    overriddenBy: row.overriddenBy,
    createdAt: dateOf(row.createdAt)!,
  };
}
