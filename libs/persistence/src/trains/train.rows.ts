import type { RingRunState, TargetState } from '@ringmaster/domain';

// Row shapes of the raw queries the train store runs, and their mapping to and from domain state. Times cross the
// SQL boundary as epoch milliseconds (float8), so the domain's numbers never meet a time zone.

/** A ring run row as `TrainStore.load` selects it. */
export interface RingRunRow {
  id: string;
  position: number;
  name: string;
  status: RingRunState['status'];
  startedAt: number | null;
  bakeStartedAt: number | null;
  bakeEndsAt: number | null;
  bakePausedMs: number;
  bakePausedSince: number | null;
  acceptedFailures: number;
  approvedBy: string | null;
  approvedAt: number | null;
  finishedAt: number | null;
}

/** A target row joined to its environment's and cluster's names. */
export interface TargetRow {
  id: string;
  environment: string;
  cluster: string;
  tenant: string | null;
  ringPosition: number;
  status: TargetState['status'];
  attempts: number;
  message: string | null;
  previousImages: Record<string, string> | null;
  failureSignature: string | null;
  cause: TargetState['cause'] | null;
  rollbackStep: TargetState['rollbackStep'] | null;
  aborted: boolean;
  nextAttemptAt: number | null;
  deployedAt: number | null;
  failedAt: number | null;
  updatedAt: number | null;
}

/** `col` as epoch milliseconds, for a SELECT list. */
export function ms(column: string, alias: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8 AS "${alias}"`;
}

/** `field` (epoch ms in a jsonb_to_recordset row) as a UTC timestamp, for a SET list. */
export function ts(field: string): string {
  return `(to_timestamp(${field} / 1000.0) AT TIME ZONE 'UTC')`;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function ringFromRow(row: RingRunRow): RingRunState {
  return {
    name: row.name,
    status: row.status,
    startedAt: opt(row.startedAt),
    bakeStartedAt: opt(row.bakeStartedAt),
    bakeEndsAt: opt(row.bakeEndsAt),
    bakePausedMs: row.bakePausedMs,
    bakePausedSince: opt(row.bakePausedSince),
    acceptedFailures: row.acceptedFailures,
    approvedBy: opt(row.approvedBy),
    approvedAt: opt(row.approvedAt),
    finishedAt: opt(row.finishedAt),
  };
}

export function targetFromRow(row: TargetRow): TargetState {
  return {
    environment: row.environment,
    cluster: row.cluster,
    tenant: opt(row.tenant),
    ringIndex: row.ringPosition,
    status: row.status,
    attempts: row.attempts,
    message: opt(row.message),
    previousImages: opt(row.previousImages),
    failureSignature: opt(row.failureSignature),
    cause: opt(row.cause),
    rollbackStep: opt(row.rollbackStep),
    aborted: row.aborted,
    nextAttemptAt: opt(row.nextAttemptAt),
    deployedAt: opt(row.deployedAt),
    failedAt: opt(row.failedAt),
    updatedAt: opt(row.updatedAt),
  };
}

/** A target's writable columns as one jsonb_to_recordset row (`null` clears a column). */
export function targetRecord(id: string, t: TargetState): Record<string, unknown> {
  return {
    id,
    status: t.status,
    attempts: t.attempts,
    message: t.message ?? null,
    previousImages: t.previousImages ?? null,
    failureSignature: t.failureSignature ?? null,
    cause: t.cause ?? null,
    rollbackStep: t.rollbackStep ?? null,
    aborted: t.aborted ?? false,
    nextAttemptAt: t.nextAttemptAt ?? null,
    deployedAt: t.deployedAt ?? null,
    failedAt: t.failedAt ?? null,
  };
}

/** The one UPDATE that writes every changed target of a save: `$1` is a jsonb array of `targetRecord`s. */
export const UPDATE_TARGETS_SQL = `
UPDATE "Target" AS t SET
  "status" = v."status"::"TargetStatus",
  "attempts" = v."attempts",
  "message" = v."message",
  "previousImages" = v."previousImages",
  "failureSignature" = v."failureSignature",
  "cause" = v."cause"::"Cause",
  "rollbackStep" = v."rollbackStep",
  "aborted" = v."aborted",
  "nextAttemptAt" = ${ts('v."nextAttemptAt"')},
  "deployedAt" = ${ts('v."deployedAt"')},
  "failedAt" = ${ts('v."failedAt"')},
  "updatedAt" = now()
FROM jsonb_to_recordset($1::jsonb) AS v(
  "id" text, "status" text, "attempts" int, "message" text, "previousImages" jsonb, "failureSignature" text,
  "cause" text, "rollbackStep" text, "aborted" boolean, "nextAttemptAt" float8, "deployedAt" float8,
  "failedAt" float8
)
WHERE t."id" = v."id"`;

export const SELECT_TARGETS_SQL = `
SELECT t."id", e."name" AS "environment", c."name" AS "cluster", e."tenant", t."ringPosition", t."status"::text AS "status",
  t."attempts", t."message", t."previousImages", t."failureSignature", t."cause"::text AS "cause", t."rollbackStep",
  t."aborted", ${ms('t."nextAttemptAt"', 'nextAttemptAt')}, ${ms('t."deployedAt"', 'deployedAt')},
  ${ms('t."failedAt"', 'failedAt')}, ${ms('t."updatedAt"', 'updatedAt')}
FROM "Target" t JOIN "Environment" e ON e."id" = t."environmentId" JOIN "Cluster" c ON c."id" = e."clusterId"
WHERE t."trainId" = $1
ORDER BY t."ringPosition", e."name"`;

export const SELECT_RINGS_SQL = `
SELECT r."id", r."position", r."name", r."status"::text AS "status", ${ms('r."startedAt"', 'startedAt')},
  ${ms('r."bakeStartedAt"', 'bakeStartedAt')}, ${ms('r."bakeEndsAt"', 'bakeEndsAt')}, r."bakePausedMs",
  ${ms('r."bakePausedSince"', 'bakePausedSince')}, r."acceptedFailures", r."approvedBy",
  ${ms('r."approvedAt"', 'approvedAt')}, ${ms('r."finishedAt"', 'finishedAt')}
FROM "RingRun" r WHERE r."trainId" = $1 ORDER BY r."position"`;
