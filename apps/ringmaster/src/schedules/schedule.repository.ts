import { Inject, Injectable } from '@nestjs/common';
import type { FreezeWindow, MissedOccurrencePolicy, ScheduleDefinition } from '@ringmaster/domain';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';

/** A stored schedule as the runner and the API use it. */
export interface StoredSchedule {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  ringPlanId: string;
  ringPlan: string;
  releaseSelector: string;
  freezeWindows: FreezeWindow[];
  missedPolicy: MissedOccurrencePolicy;
  enabled: boolean;
  createdAt: Date;
  /** when the current definition was stored: createdAt, or the latest updateSchedule */
  updatedAt: Date;
}

/** What a replica's cron job of a schedule is built from, and how it tells that the definition changed. */
export type ScheduleJobDefinition = Pick<StoredSchedule, 'id' | 'cron' | 'timezone' | 'updatedAt'>;

const WITH_PLAN = { ringPlan: { select: { name: true } } } as const;
type Row = Prisma.ScheduleGetPayload<{ include: typeof WITH_PLAN }>;

/** Schedule rows and the latest recorded occurrence of each. */
@Injectable()
export class ScheduleRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  async list(): Promise<StoredSchedule[]> {
    const rows = await this.prisma.schedule.findMany({ orderBy: { name: 'asc' }, include: WITH_PLAN });
    return rows.map(toStored);
  }

  /** The job definitions of every enabled schedule: the registrar's one small query per sync interval. */
  async listJobDefinitions(): Promise<ScheduleJobDefinition[]> {
    return this.prisma.schedule.findMany({
      where: { enabled: true },
      select: { id: true, cron: true, timezone: true, updatedAt: true },
    });
  }

  async findById(id: string): Promise<StoredSchedule | null> {
    const row = await this.prisma.schedule.findUnique({ where: { id }, include: WITH_PLAN });
    return row ? toStored(row) : null;
  }

  /** Creates the schedule; a second create with the same name is a unique violation (P2002) for the caller. */
  async create(def: ScheduleDefinition, ringPlanId: string, now: Date): Promise<StoredSchedule> {
    const row = await this.prisma.schedule.create({
      data: { name: def.name, ...definition(def, ringPlanId), createdAt: now, updatedAt: now },
      include: WITH_PLAN,
    });
    return toStored(row);
  }

  /** Replaces the definition of the schedule named `def.name`; null (nothing written) when there is none. */
  async update(def: ScheduleDefinition, ringPlanId: string, now: Date): Promise<StoredSchedule | null> {
    const updated = await this.prisma.schedule.updateMany({
      where: { name: def.name },
      data: { ...definition(def, ringPlanId), updatedAt: now },
    });
    if (updated.count === 0) return null;
    const row = await this.prisma.schedule.findUnique({ where: { name: def.name }, include: WITH_PLAN });
    return row ? toStored(row) : null;
  }

  /** Deletes by name; returns the deleted schedule's id, or null when there was none. Trains keep running. */
  async deleteByName(name: string): Promise<string | null> {
    const row = await this.prisma.schedule.findUnique({ where: { name }, select: { id: true } });
    if (!row) return null;
    const deleted = await this.prisma.schedule.deleteMany({ where: { id: row.id } });
    return deleted.count > 0 ? row.id : null;
  }

  /** The latest occurrence recorded for the schedule (epoch ms), if any. */
  async lastOccurrence(scheduleId: string): Promise<number | undefined> {
    const row = await this.prisma.scheduleOccurrence.findFirst({
      where: { scheduleId },
      orderBy: { occurrenceAt: 'desc' },
      select: { occurrenceAt: true },
    });
    return row?.occurrenceAt.getTime();
  }
}

/** The columns a schedule's definition sets, on create and on update alike. */
function definition(def: ScheduleDefinition, ringPlanId: string) {
  return {
    cron: def.cron,
    timezone: def.timezone,
    ringPlanId,
    releaseSelector: def.releaseSelector,
    freezeWindows: def.freezeWindows as unknown as Prisma.InputJsonValue,
    missedPolicy: def.missedPolicy,
  };
}

function toStored(row: Row): StoredSchedule {
  return {
    id: row.id,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    ringPlanId: row.ringPlanId,
    ringPlan: row.ringPlan.name,
    releaseSelector: row.releaseSelector,
    freezeWindows: (row.freezeWindows ?? []) as unknown as FreezeWindow[],
    missedPolicy: row.missedPolicy,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
