import type { CommandResult, DomainEvent, RingPlan, TrainState } from '@ringmaster/domain';
import { currentRingName } from '@ringmaster/domain';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { eventColumns, INSERT_EVENTS_SQL } from './event.rows.js';
import {
  ringFromRow,
  SELECT_RINGS_SQL,
  SELECT_TARGETS_SQL,
  targetFromRow,
  targetColumns,
  UPDATE_TARGETS_SQL,
  type RingRunRow,
  type TargetRow,
} from './train.rows.js';

/** A train as loaded: its domain state plus what saving it needs (revision for concurrency, row ids). */
export interface LoadedTrain {
  state: TrainState;
  /** Train.revision when loaded: a save succeeds only while it is unchanged */
  revision: number;
  nextReconcileAt: number;
  /** RingRun.id by ring index */
  ringIds: string[];
  /** Target.id by environment name */
  targetIds: ReadonlyMap<string, string>;
}

/** Why a save wrote nothing. */
export type SaveOutcome =
  | { ok: true; train: LoadedTrain }
  /** another writer saved the train since it was loaded: reload and decide again */
  | { ok: false; reason: 'STALE' };

/** What a new train is stored with besides its state. */
export interface CreateTrainRecord {
  state: TrainState;
  events: readonly DomainEvent[];
  releaseId: string;
  ringPlanId: string;
  idempotencyKey?: string;
  createdBy?: string;
  /** the schedule whose occurrence created the train */
  scheduleId?: string;
}

/**
 * Reads and writes whole trains. `load` runs three queries whatever the number of targets; `save` runs one
 * transaction: the train row guarded by its revision, the changed ring runs, one UPDATE per
 * `targetBatch` changed targets (only those), and the events (the notification outbox).
 */
export class TrainStore {
  /**
   * @param targetBatch changed targets written per UPDATE: bounds a statement's parameters while keeping round
   *   trips few (20,000 changed targets are four statements)
   */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly targetBatch = 5_000,
  ) {}

  /** The train with its rings and targets, or null when there is none with that id. */
  async load(id: string): Promise<LoadedTrain | null> {
    const train = await this.prisma.train.findUnique({
      where: { id },
      include: { release: { select: { version: true } } },
    });
    if (!train) return null;
    const rings = await this.prisma.$queryRawUnsafe<RingRunRow[]>(SELECT_RINGS_SQL, id);
    const targets = await this.prisma.$queryRawUnsafe<TargetRow[]>(SELECT_TARGETS_SQL, id);
    const plan = train.planSnapshot as unknown as RingPlan;
    const currentRingIndex =
      train.currentRing === null ? undefined : plan.rings.findIndex((r) => r.name === train.currentRing);
    const state: TrainState = {
      id: train.id,
      releaseVersion: train.release.version,
      plan,
      status: train.status,
      paused: train.paused,
      autoRollback: train.autoRollback,
      currentRingIndex: currentRingIndex === -1 ? undefined : currentRingIndex,
      haltReason: train.haltReason ?? undefined,
      startAt: train.startAt?.getTime(),
      createdAt: train.createdAt.getTime(),
      startedAt: train.startedAt?.getTime(),
      finishedAt: train.finishedAt?.getTime(),
      rings: rings.map(ringFromRow),
      targets: targets.map(targetFromRow),
    };
    return {
      state,
      revision: train.revision,
      nextReconcileAt: train.nextReconcileAt.getTime(),
      ringIds: rings.map((r) => r.id),
      targetIds: new Map(targets.map((t) => [t.environment, t.id])),
    };
  }

  /** Stores a new train (SCHEDULED, from `newTrain`) with its ring runs, targets and events; one transaction. */
  async create(record: CreateTrainRecord): Promise<LoadedTrain> {
    await this.prisma.$transaction((tx) => this.insert(tx, record), { timeout: 60_000 });
    const loaded = await this.load(record.state.id);
    if (!loaded) throw new Error(`train ${record.state.id} vanished after create`);
    return loaded;
  }

  /**
   * Writes a new train's rows and events inside the caller's transaction (what `create` commits on its own), so
   * that a caller can make the train part of a larger atomic write, e.g. a schedule occurrence. A second train
   * with the same idempotency key is a unique violation that rolls the caller's transaction back.
   */
  async insert(tx: Prisma.TransactionClient, record: CreateTrainRecord): Promise<void> {
    const { state } = record;
    const envs = await tx.environment.findMany({
      where: { name: { in: state.targets.map((t) => t.environment) } },
      select: { id: true, name: true },
    });
    const envIds = new Map(envs.map((e) => [e.name, e.id]));
    await tx.train.create({
      data: {
        id: state.id,
        releaseId: record.releaseId,
        ringPlanId: record.ringPlanId,
        planSnapshot: state.plan as unknown as Prisma.InputJsonValue,
        status: state.status,
        paused: state.paused,
        autoRollback: state.autoRollback,
        startAt: toDate(state.startAt),
        createdAt: new Date(state.createdAt),
        nextReconcileAt: new Date(state.startAt ?? state.createdAt),
        idempotencyKey: record.idempotencyKey,
        scheduleId: record.scheduleId,
        createdBy: record.createdBy,
      },
    });
    await tx.ringRun.createMany({
      data: state.rings.map((r, position) => ({ trainId: state.id, position, name: r.name, status: r.status })),
    });
    await tx.target.createMany({
      data: state.targets.map((t) => {
        const environmentId = envIds.get(t.environment);
        if (!environmentId) throw new Error(`environment ${t.environment} is not stored`);
        return { trainId: state.id, environmentId, ringPosition: t.ringIndex, status: t.status };
      }),
    });
    await insertEvents(tx, record.events);
  }

  /**
   * Writes what `result` changed (rows listed in `result.changes`) and inserts its events, in one transaction,
   * only if the train's revision is still `train.revision`; then bumps it. `nextReconcileAt` is when the
   * reconciler should look again.
   */
  async save(train: LoadedTrain, result: CommandResult, nextReconcileAt: number): Promise<SaveOutcome> {
    const next = result.next;
    const stale = await this.prisma.$transaction(
      async (tx) => {
        const updated = await tx.train.updateMany({
          where: { id: next.id, revision: train.revision },
          data: {
            revision: { increment: 1 },
            nextReconcileAt: new Date(nextReconcileAt),
            ...(result.changes.train
              ? {
                  status: next.status,
                  paused: next.paused,
                  autoRollback: next.autoRollback,
                  currentRing: currentRingName(next) ?? null,
                  haltReason: next.haltReason ?? null,
                  startAt: toDate(next.startAt) ?? null,
                  startedAt: toDate(next.startedAt) ?? null,
                  finishedAt: toDate(next.finishedAt) ?? null,
                }
              : {}),
          },
        });
        if (updated.count !== 1) return true;
        for (const r of result.changes.rings) {
          const ring = next.rings[r];
          await tx.ringRun.update({
            where: { id: train.ringIds[r] },
            data: {
              status: ring.status,
              startedAt: toDate(ring.startedAt) ?? null,
              bakeStartedAt: toDate(ring.bakeStartedAt) ?? null,
              bakeEndsAt: toDate(ring.bakeEndsAt) ?? null,
              bakePausedMs: Math.round(ring.bakePausedMs),
              bakePausedSince: toDate(ring.bakePausedSince) ?? null,
              acceptedFailures: ring.acceptedFailures,
              approvedBy: ring.approvedBy ?? null,
              approvedAt: toDate(ring.approvedAt) ?? null,
              finishedAt: toDate(ring.finishedAt) ?? null,
            },
          });
        }
        const wanted = new Set(result.changes.targets);
        const rows = next.targets
          .filter((t) => wanted.has(t.environment))
          .map((target) => ({ id: requireId(train.targetIds, target.environment), target }));
        for (let i = 0; i < rows.length; i += this.targetBatch) {
          const batch = rows.slice(i, i + this.targetBatch);
          const written = await tx.$executeRawUnsafe(UPDATE_TARGETS_SQL, next.id, ...targetColumns(batch));
          if (written !== batch.length)
            throw new Error(`train ${next.id}: ${batch.length - written} targets not found`);
        }
        await insertEvents(tx, result.events);
        return false;
      },
      { timeout: 60_000 },
    );
    if (stale) return { ok: false, reason: 'STALE' };
    return { ok: true, train: { ...train, state: next, revision: train.revision + 1, nextReconcileAt } };
  }

  /** Moves a train's next look earlier (never later): a command or a watch event wakes it. */
  async wake(id: string, at: number): Promise<void> {
    await this.prisma.train.updateMany({
      where: { id, nextReconcileAt: { gt: new Date(at) } },
      data: { nextReconcileAt: new Date(at) },
    });
  }

  /** Ids of active trains due for a pass at `now`, soonest first. */
  async due(now: number, limit: number): Promise<string[]> {
    const rows = await this.prisma.train.findMany({
      where: {
        status: { in: ['SCHEDULED', 'RUNNING', 'AWAITING_APPROVAL', 'HALTED', 'ROLLING_BACK'] },
        nextReconcileAt: { lte: new Date(now) },
      },
      orderBy: { nextReconcileAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }
}

function toDate(time: number | undefined): Date | undefined {
  return time === undefined ? undefined : new Date(time);
}

function requireId(ids: ReadonlyMap<string, string>, environment: string): string {
  const id = ids.get(environment);
  if (!id) throw new Error(`target ${environment} is not part of this train`);
  return id;
}

async function insertEvents(tx: Prisma.TransactionClient, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRawUnsafe(INSERT_EVENTS_SQL, ...eventColumns(events));
}
