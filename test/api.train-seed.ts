import { validateRingPlan } from '@ringmaster/domain';
import type { DatabaseHandle } from '@ringmaster/persistence';
import type { GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';

// Trains written straight into the tables (fast, whatever their size) for the train read API's tests: a release
// and a plan created over GraphQL, one cluster, and per train its environments, ring runs, targets in a fixed mix
// of states, an attribution per FAILED target, and 300 events. Nothing here is driven by the engine.

/** The first INTERNAL targets of a train are in ring 0 (`internal`), the rest in ring 1 (`everyone`). */
export const INTERNAL = 100;
/** Events seeded per train. */
export const SEEDED_EVENTS = 300;
export const RELEASE = '2026.49.0';
export const CLUSTER = 'eu-1';
/** Tenants of the `everyone` ring: target i has `tenant-<i % TENANTS>`. */
export const TENANTS = 50;

const STATUSES = ['PENDING', 'PENDING', 'PENDING', 'DEPLOYING', 'HEALTHY', 'HEALTHY', 'FAILED', 'RETRYING'];
const EXCLUDED_EVERY = 97;
/** The state of target i: a fixed mix, so the expected counts can be computed by the tests. */
export const statusOf = (i: number) => (i % EXCLUDED_EVERY === 0 ? 'EXCLUDED' : STATUSES[i % STATUSES.length]);

const RINGS = [
  {
    name: 'internal',
    kind: 'INTERNAL' as const,
    selector: 'tenant=internal',
    maxParallel: 50,
    bake: '30m',
    gate: 'AUTO' as const,
    failureBudget: { maxFailures: 1 },
  },
  {
    name: 'everyone',
    kind: 'ALL' as const,
    selector: '',
    maxParallel: 500,
    bake: '2h',
    gate: 'MANUAL' as const,
    failureBudget: { maxFailurePercent: 5 },
  },
];
const PLAN = validateRingPlan({ name: 'weekly', autoRollback: true, rings: RINGS });

export interface SeedIds {
  release: string;
  plan: string;
}

/** The expected TargetCounts of a ring holding targets [from, to). */
export function expectedCounts(from: number, to: number) {
  const c = { total: 0, pending: 0, deploying: 0, healthy: 0, failed: 0, excluded: 0, rolledBack: 0 };
  for (let i = from; i < to; i++) {
    const s = statusOf(i);
    c.total++;
    if (s === 'PENDING') c.pending++;
    else if (s === 'DEPLOYING') c.deploying++;
    else if (s === 'HEALTHY') c.healthy++;
    else if (s === 'EXCLUDED') c.excluded++;
    else c.failed++;
  }
  return c;
}

/** How many of targets [0, size) are in `status`. */
export function expectedInStatus(size: number, status: string): number {
  let n = 0;
  for (let i = 0; i < size; i++) if (statusOf(i) === status) n++;
  return n;
}

/** The release and the plan (over GraphQL, as an admin) and the cluster every seeded environment is in. */
export async function seedFixtures(db: DatabaseHandle, admin: GraphQLClient): Promise<SeedIds> {
  const release = await admin<{ createRelease: { id: string } }>(
    `mutation($v: String!) { createRelease(input: { version: $v, components: [
      { name: "author", image: "cms/author:1" }, { name: "publish", image: "cms/publish:1" }] }) { id } }`,
    { v: RELEASE },
  );
  const plan = await admin<{ upsertRingPlan: { id: string } }>(
    `mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { id } }`,
    { input: { name: PLAN.name, autoRollback: true, rings: RINGS } },
  );
  await db.query(
    `INSERT INTO "Cluster" ("id", "name", "region", "labels", "state", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'eu', '{"region":"eu"}', 'CORDONED', now())`,
    [CLUSTER],
  );
  return { release: release.data!.createRelease.id, plan: plan.data!.upsertRingPlan.id };
}

/** A RUNNING train of `size` targets over environments `<prefix>-00000`...; returns its id. Newer than the last. */
export async function seedTrain(db: DatabaseHandle, ids: SeedIds, prefix: string, size: number): Promise<string> {
  const [{ id }] = await db.query<{ id: string }>(
    `INSERT INTO "Train" ("id", "releaseId", "ringPlanId", "planSnapshot", "status", "currentRing", "startedAt",
       "nextReconcileAt", "createdAt")
     VALUES (gen_random_uuid(), $1, $2, $3::jsonb, 'RUNNING', 'everyone', now(), '2100-01-01', clock_timestamp())
     RETURNING "id"`,
    [ids.release, ids.plan, JSON.stringify(PLAN)],
  );
  await db.query(
    `INSERT INTO "RingRun" ("id", "trainId", "position", "name", "status", "startedAt", "bakeEndsAt")
     VALUES (gen_random_uuid(), $1, 0, 'internal', 'PASSED', now(), now()),
            (gen_random_uuid(), $1, 1, 'everyone', 'DEPLOYING', now(), NULL)`,
    [id],
  );
  await db.query(
    `INSERT INTO "Environment" ("id", "name", "clusterId", "namespace", "tenant", "updatedAt")
     SELECT gen_random_uuid(), $1::text || '-' || lpad(i::text, 5, '0'), (SELECT "id" FROM "Cluster" LIMIT 1),
       'ns-' || i, CASE WHEN i < $3::int THEN 'internal' ELSE 'tenant-' || (i % $4::int) END, now()
     FROM generate_series(0, $2::int - 1) AS i`,
    [prefix, size, INTERNAL, TENANTS],
  );
  const statuses = Array.from({ length: size }, (_, i) => statusOf(i));
  await db.query(
    `INSERT INTO "Target" ("id", "trainId", "environmentId", "ringPosition", "status", "updatedAt")
     SELECT gen_random_uuid(), $1::text, e."id", CASE WHEN s.i <= $4::int THEN 0 ELSE 1 END, s.status::"TargetStatus",
       now()
     FROM unnest($3::text[]) WITH ORDINALITY AS s(status, i)
     JOIN "Environment" e ON e."name" = $2::text || '-' || lpad((s.i - 1)::text, 5, '0')`,
    [id, prefix, statuses, INTERNAL],
  );
  await db.query(
    `INSERT INTO "Attribution" ("id", "trainId", "targetId", "ring", "cause", "confidence", "evidence")
     SELECT gen_random_uuid(), t."trainId", t."id", CASE WHEN t."ringPosition" = 0 THEN 'internal' ELSE 'everyone' END,
       'CUSTOMER_CODE', 0.9, ARRAY['one tenant only']
     FROM "Target" t WHERE t."trainId" = $1 AND t."status" = 'FAILED'`,
    [id],
  );
  await db.query(
    `INSERT INTO "Event" ("id", "type", "trainId", "ring", "message", "occurredAt", "dispatchedAt")
     SELECT gen_random_uuid(), 'RING_STARTED', $1::text, 'everyone', 'event ' || i, now(), now() FROM generate_series(1, $2::int) AS i`,
    [id, SEEDED_EVENTS],
  );
  return id;
}
