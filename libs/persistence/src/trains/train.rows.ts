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

/** `field` (epoch ms) as a UTC timestamp, for a SET list. */
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

/** A target's writable columns in `UPDATE_TARGETS_SQL`'s parameter order (`null` clears a column). */
const TARGET_COLUMNS: readonly ((t: TargetState) => unknown)[] = [
  (t) => t.status,
  (t) => t.attempts,
  (t) => t.message ?? null,
  (t) => (t.previousImages ? JSON.stringify(t.previousImages) : null),
  (t) => t.failureSignature ?? null,
  (t) => t.cause ?? null,
  (t) => t.rollbackStep ?? null,
  (t) => t.aborted ?? false,
  (t) => t.nextAttemptAt ?? null,
  (t) => t.deployedAt ?? null,
  (t) => t.failedAt ?? null,
];

/** `UPDATE_TARGETS_SQL`'s parameters `$2..$13` for a batch of targets: the row ids, then one array per column. */
export function targetColumns(rows: readonly { id: string; target: TargetState }[]): unknown[][] {
  return [rows.map((r) => r.id), ...TARGET_COLUMNS.map((column) => rows.map((r) => column(r.target)))];
}

/**
 * Writes a batch of changed targets of train `$1`: `$2..$13` are the column arrays of `targetColumns`. Parallel
 * arrays through unnest keep the statement's cost linear (an index lookup per row) and its parameters compact;
 * the trainId guard means a stray id can never touch another train's row.
 */
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
FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::text[],
  $10::boolean[], $11::float8[], $12::float8[], $13::float8[]) AS v(
  "id", "status", "attempts", "message", "previousImages", "failureSignature", "cause", "rollbackStep", "aborted",
  "nextAttemptAt", "deployedAt", "failedAt"
)
WHERE t."id" = v."id" AND t."trainId" = $1`;

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
