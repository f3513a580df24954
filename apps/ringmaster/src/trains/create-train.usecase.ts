import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  badUserInput,
  newTrain,
  notFound,
  type Gate,
  type Labels,
  type RingKind,
  type RingPlan as DomainRingPlan,
  type TrainEnvironment,
} from '@ringmaster/domain';
import { TrainStore, type Prisma, type PrismaClient } from '@ringmaster/persistence';
import type { Actor } from '../auth/role.model.js';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { PRISMA_CLIENT, type PrismaTx } from '../graphql/prisma.provider.js';
import { ReconcileLoop } from '../engine/reconcile.loop.js';
import type { CreateTrainInput } from './train.model.js';

/** What a new train is made of, whoever asks for it (a release manager over GraphQL, or a schedule). */
export interface CreateTrainCommand {
  releaseVersion: string;
  ringPlan: string;
  /** due at this time (epoch ms); without it the train waits for startTrain */
  startAt?: number;
  /** defaults to the ring plan's */
  autoRollback?: boolean;
  /** a second create with the same key returns the first train */
  idempotencyKey?: string;
  scheduleId?: string;
  createdBy: string;
}

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
 * createTrain: a SCHEDULED train of a release through a ring plan (snapshotted now), every known environment
 * assigned to the first ring whose selector matches. With an idempotency key already used, returns that train.
 * The GraphQL mutation commits on its own (`execute`); a schedule occurrence makes the train part of its own
 * transaction (`createIn`), so that the occurrence and its train are written together or not at all.
 */
@Injectable()
export class CreateTrain {
  constructor(
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
    @Inject(TrainStore) private readonly store: TrainStore,
    @Inject(ReconcileLoop) private readonly loop: ReconcileLoop,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  async execute(input: CreateTrainInput, actor: Actor): Promise<string> {
    const startAt = input.startAt?.getTime();
    if (startAt !== undefined && Number.isNaN(startAt)) throw badUserInput('startAt', 'is not a valid time');
    const command: CreateTrainCommand = {
      releaseVersion: input.releaseVersion,
      ringPlan: input.ringPlan,
      startAt,
      autoRollback: input.autoRollback ?? undefined,
      idempotencyKey: input.idempotencyKey ?? undefined,
      createdBy: actor.name,
    };
    const existing = await this.existing(this.prisma, command);
    if (existing) return existing;
    const prepared = await this.prepare(this.prisma, command);
    await this.store.create(prepared);
    if (startAt !== undefined) await this.store.wake(prepared.state.id, startAt);
    else void this.loop.wake(prepared.state.id);
    return prepared.state.id;
  }

  /**
   * Creates the train inside the caller's transaction and returns its id; nothing is committed until the caller
   * commits. The reconcile loop finds the train when it is due (`startAt`), on whichever replica.
   */
  async createIn(tx: Prisma.TransactionClient, command: CreateTrainCommand): Promise<string> {
    const existing = await this.existing(tx, command);
    if (existing) return existing;
    const prepared = await this.prepare(tx, command);
    await this.store.insert(tx, prepared);
    return prepared.state.id;
  }

  private async existing(db: PrismaTx, command: CreateTrainCommand): Promise<string | undefined> {
    if (!command.idempotencyKey) return undefined;
    const found = await db.train.findUnique({ where: { idempotencyKey: command.idempotencyKey } });
    return found?.id;
  }

  /** Reads the release, the plan and the environments and builds the train: NOT_FOUND / BAD_USER_INPUT on bad input. */
  private async prepare(db: PrismaTx, command: CreateTrainCommand) {
    const release = await db.release.findUnique({ where: { version: command.releaseVersion } });
    if (!release) throw notFound('release', command.releaseVersion);
    const plan = await db.ringPlan.findUnique({
      where: { name: command.ringPlan },
      include: { rings: { orderBy: { position: 'asc' } } },
    });
    if (!plan) throw notFound('ring plan', command.ringPlan);
    if (plan.rings.length === 0) throw badUserInput('ringPlan', 'the ring plan has no rings');
    const built = newTrain({
      id: randomUUID(),
      releaseVersion: release.version,
      plan: domainPlan(plan),
      environments: await environments(db),
      autoRollback: command.autoRollback,
      startAt: command.startAt,
      now: this.clock().getTime(),
    });
    return {
      state: built.state,
      events: built.events,
      releaseId: release.id,
      ringPlanId: plan.id,
      idempotencyKey: command.idempotencyKey,
      scheduleId: command.scheduleId,
      createdBy: command.createdBy,
    };
  }
}

/** Every environment still present in the clusters, with the labels ring selectors match. */
async function environments(db: PrismaTx): Promise<TrainEnvironment[]> {
  const rows = await db.environment.findMany({
    where: { goneAt: null },
    select: { name: true, tenant: true, labels: true, cluster: { select: { name: true, labels: true } } },
    orderBy: { name: 'asc' },
  });
  return rows.map((e) => ({
    name: e.name,
    cluster: e.cluster.name,
    tenant: e.tenant ?? undefined,
    labels: { ...((e.cluster.labels ?? {}) as Labels), ...((e.labels ?? {}) as Labels), cluster: e.cluster.name },
  }));
}
