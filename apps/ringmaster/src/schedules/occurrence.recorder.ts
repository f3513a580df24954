import { Inject, Injectable } from '@nestjs/common';
import {
  decideOccurrence,
  occurrenceKey,
  type FreezeWindow,
  type OccurrenceDecision,
  type SkipReason,
} from '@ringmaster/domain';
import { isUniqueViolation, type Prisma, type PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT, type PrismaTx } from '../graphql/prisma.provider.js';
import { CreateTrain } from '../trains/create-train.usecase.js';
import type { StoredSchedule } from './schedule.repository.js';

/** What recording one occurrence did. DUPLICATE: another replica (or an earlier run) recorded it already. */
export type OccurrenceOutcome =
  | { outcome: 'FIRED'; trainId: string; release: string }
  | { outcome: 'SKIPPED'; reason: SkipReason; message: string }
  | { outcome: 'DUPLICATE' };

/**
 * Records one occurrence of a schedule, exactly once across replicas and restarts: in one transaction it inserts
 * the ScheduleOccurrence (unique per schedule and instant: the idempotency key), decides it, creates the train
 * through the CreateTrain use case, as createTrain does (unique idempotencyKey `schedule:<id>:<ISO>`), and emits
 * SCHEDULE_FIRED or SCHEDULE_SKIPPED. A duplicate rolls the whole transaction back and changes nothing.
 */
@Injectable()
export class OccurrenceRecorder {
  constructor(
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
    @Inject(CreateTrain) private readonly createTrain: CreateTrain,
  ) {}

  /** Decides the occurrence as due (`missed` false) or records it as missed during downtime. */
  async record(
    schedule: StoredSchedule,
    occurrenceAt: number,
    now: number,
    missed = false,
  ): Promise<OccurrenceOutcome> {
    try {
      return await this.prisma.$transaction((tx) => this.recordIn(tx, schedule, occurrenceAt, now, missed), {
        timeout: 60_000,
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'DUPLICATE' };
      throw error;
    }
  }

  private async recordIn(
    tx: Prisma.TransactionClient,
    schedule: StoredSchedule,
    occurrenceAt: number,
    now: number,
    missed: boolean,
  ): Promise<OccurrenceOutcome> {
    const at = new Date(occurrenceAt);
    const occurrence = await tx.scheduleOccurrence.create({
      data: { scheduleId: schedule.id, occurrenceAt: at, outcome: 'PENDING', recordedAt: new Date(now) },
    });
    const plan = await tx.ringPlan.findUniqueOrThrow({
      where: { id: schedule.ringPlanId },
      select: { freezeWindows: true },
    });
    const decision: OccurrenceDecision = missed
      ? { outcome: 'SKIPPED', reason: 'MISSED', message: 'missed while the service was down' }
      : decideOccurrence({
          occurrenceAt,
          freezeWindows: [...schedule.freezeWindows, ...((plan.freezeWindows ?? []) as unknown as FreezeWindow[])],
          releaseSelector: schedule.releaseSelector,
          releases: await this.candidates(tx),
          releasesWithTrains: await this.releasesWithTrains(tx),
        });
    const payload = { schedule: schedule.name, occurrenceAt: at.toISOString() };
    if (decision.outcome === 'SKIPPED') {
      await tx.scheduleOccurrence.update({
        where: { id: occurrence.id },
        data: { outcome: 'SKIPPED', reason: `${decision.reason}: ${decision.message}` },
      });
      await tx.event.create({
        data: {
          type: 'SCHEDULE_SKIPPED',
          message: `schedule ${schedule.name} skipped ${at.toISOString()}: ${decision.message}`,
          payload: { ...payload, reason: decision.reason, detail: decision.message },
          occurredAt: new Date(now),
        },
      });
      return decision;
    }
    const trainId = await this.createTrain.createIn(tx, {
      releaseVersion: decision.release.version,
      ringPlan: schedule.ringPlan,
      startAt: Math.max(occurrenceAt, now),
      idempotencyKey: occurrenceKey(schedule.id, occurrenceAt),
      scheduleId: schedule.id,
      createdBy: `schedule:${schedule.name}`,
    });
    await tx.scheduleOccurrence.update({ where: { id: occurrence.id }, data: { outcome: 'FIRED', trainId } });
    await tx.event.create({
      data: {
        type: 'SCHEDULE_FIRED',
        trainId,
        message: `schedule ${schedule.name} fired ${at.toISOString()}: release ${decision.release.version}`,
        payload: { ...payload, release: decision.release.version },
        occurredAt: new Date(now),
      },
    });
    return { outcome: 'FIRED', trainId, release: decision.release.version };
  }

  private async candidates(tx: PrismaTx) {
    const rows = await tx.release.findMany({ select: { id: true, version: true, createdAt: true } });
    return rows.map((r) => ({ id: r.id, version: r.version, createdAt: r.createdAt.getTime() }));
  }

  private async releasesWithTrains(tx: PrismaTx): Promise<Set<string>> {
    const rows = await tx.train.findMany({ distinct: ['releaseId'], select: { releaseId: true } });
    return new Set(rows.map((r) => r.releaseId));
  }
}
