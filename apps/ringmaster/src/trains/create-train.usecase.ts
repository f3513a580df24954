import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badUserInput, newTrain, notFound, type Labels, type TrainEnvironment } from '@ringmaster/domain';
import { TrainStore, type PrismaClient } from '@ringmaster/persistence';
import type { Actor } from '../auth/role.model.js';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { domainPlan } from '../schedules/schedule-train.builder.js';
import { ReconcileLoop } from '../engine/reconcile.loop.js';
import type { CreateTrainInput } from './train.model.js';

/**
 * createTrain: a SCHEDULED train of a release through a ring plan (snapshotted now), every known environment
 * assigned to the first ring whose selector matches. With an idempotency key already used, returns that train.
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
    if (input.idempotencyKey) {
      const existing = await this.prisma.train.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (existing) return existing.id;
    }
    const release = await this.prisma.release.findUnique({ where: { version: input.releaseVersion } });
    if (!release) throw notFound('release', input.releaseVersion);
    const plan = await this.prisma.ringPlan.findUnique({
      where: { name: input.ringPlan },
      include: { rings: { orderBy: { position: 'asc' } } },
    });
    if (!plan) throw notFound('ring plan', input.ringPlan);
    if (plan.rings.length === 0) throw badUserInput('ringPlan', 'the ring plan has no rings');
    const now = this.clock().getTime();
    const startAt = input.startAt?.getTime();
    if (startAt !== undefined && Number.isNaN(startAt)) throw badUserInput('startAt', 'is not a valid time');
    const built = newTrain({
      id: randomUUID(),
      releaseVersion: release.version,
      plan: domainPlan(plan),
      environments: await this.environments(),
      autoRollback: input.autoRollback ?? undefined,
      startAt,
      now,
    });
    await this.store.create({
      state: built.state,
      events: built.events,
      releaseId: release.id,
      ringPlanId: plan.id,
      idempotencyKey: input.idempotencyKey ?? undefined,
      createdBy: actor.name,
    });
    if (startAt !== undefined) await this.store.wake(built.state.id, startAt);
    else void this.loop.wake(built.state.id);
    return built.state.id;
  }

  /** Every environment still present in the clusters, with the labels ring selectors match. */
  private async environments(): Promise<TrainEnvironment[]> {
    const rows = await this.prisma.environment.findMany({
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
}
