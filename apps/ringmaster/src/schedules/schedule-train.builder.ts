import { randomUUID } from 'node:crypto';
import {
  newTrain,
  type Labels,
  type RingKind,
  type Gate,
  type RingPlan as DomainRingPlan,
  type TrainEnvironment,
} from '@ringmaster/domain';
import type { Prisma } from '@ringmaster/persistence';
import type { PrismaTx } from '../graphql/prisma.provider.js';

/** A ring plan row with its rings, as read for a new train. */
export interface PlanRow {
  id: string;
  name: string;
  autoRollback: boolean;
  rings: {
    name: string;
    kind: RingKind;
    selector: string;
    maxParallel: number;
    bakeSeconds: number;
    maxFailures: number | null;
    maxFailurePercent: number | null;
    gate: Gate;
    analysis: unknown;
  }[];
}

/** The domain plan a train snapshots, from the stored rows. */
export function domainPlan(row: PlanRow): DomainRingPlan {
  return {
    name: row.name,
    autoRollback: row.autoRollback,
    rings: row.rings.map((r) => ({
      name: r.name,
      kind: r.kind,
      selector: r.selector,
      maxParallel: r.maxParallel,
      bakeMs: r.bakeSeconds * 1000,
      gate: r.gate,
      failureBudget: {
        ...(r.maxFailures !== null ? { maxFailures: r.maxFailures } : {}),
        ...(r.maxFailurePercent !== null ? { maxFailurePercent: r.maxFailurePercent } : {}),
      },
      analysis: (r.analysis ?? {}) as DomainRingPlan['rings'][number]['analysis'],
    })),
  };
}

/**
 * Stores a SCHEDULED train for a schedule occurrence inside the caller's transaction: the train row (unique
 * idempotencyKey), its ring runs and targets, and the train's creation events. Returns the train's id.
 * Stand-in until the engine's CreateTrain use case lands; the train is due at `startAt`.
 */
export async function createScheduledTrain(
  tx: PrismaTx,
  input: {
    release: { id: string; version: string };
    plan: PlanRow;
    scheduleId: string;
    idempotencyKey: string;
    startAt: number;
    now: number;
    createdBy: string;
  },
): Promise<string> {
  const envRows = await tx.environment.findMany({
    where: { goneAt: null },
    select: { id: true, name: true, tenant: true, labels: true, cluster: { select: { name: true } } },
    orderBy: { name: 'asc' },
  });
  const environments: TrainEnvironment[] = envRows.map((e) => ({
    name: e.name,
    cluster: e.cluster.name,
    tenant: e.tenant ?? undefined,
    labels: { ...((e.labels ?? {}) as Labels), cluster: e.cluster.name },
  }));
  const built = newTrain({
    id: randomUUID(),
    releaseVersion: input.release.version,
    plan: domainPlan(input.plan),
    environments,
    startAt: input.startAt,
    now: input.now,
  });
  const { state } = built;
  await tx.train.create({
    data: {
      id: state.id,
      releaseId: input.release.id,
      ringPlanId: input.plan.id,
      planSnapshot: state.plan as unknown as Prisma.InputJsonValue,
      status: state.status,
      autoRollback: state.autoRollback,
      startAt: new Date(input.startAt),
      createdAt: new Date(input.now),
      nextReconcileAt: new Date(input.startAt),
      idempotencyKey: input.idempotencyKey,
      scheduleId: input.scheduleId,
      createdBy: input.createdBy,
    },
  });
  await tx.ringRun.createMany({
    data: state.rings.map((r, position) => ({ trainId: state.id, position, name: r.name, status: r.status })),
  });
  const envIds = new Map(envRows.map((e) => [e.name, e.id]));
  await tx.target.createMany({
    data: state.targets.map((t) => ({
      trainId: state.id,
      environmentId: envIds.get(t.environment)!,
      ringPosition: t.ringIndex,
      status: t.status,
    })),
  });
  for (const event of built.events) {
    await tx.event.create({
      data: {
        type: event.type,
        trainId: state.id,
        ring: event.ring,
        environment: event.environment,
        message: event.message,
        payload: (event.payload ?? {}) as Prisma.InputJsonValue,
        occurredAt: new Date(event.occurredAt),
      },
    });
  }
  return state.id;
}
