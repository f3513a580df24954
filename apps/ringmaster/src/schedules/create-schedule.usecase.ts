import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@ringmaster/domain';
import { isUniqueViolation, type PrismaClient } from '@ringmaster/persistence';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type { CreateScheduleInput } from './schedule.model.js';
import { validateScheduleInput } from './schedule-input.validator.js';
import { ScheduleRegistrar } from './schedule.registrar.js';
import { ScheduleRepository, type StoredSchedule } from './schedule.repository.js';

/** createSchedule: validates (BAD_USER_INPUT), checks the ring plan (NOT_FOUND), stores, starts its cron job. */
@Injectable()
export class CreateSchedule {
  constructor(
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
    private readonly schedules: ScheduleRepository,
    private readonly registrar: ScheduleRegistrar,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  async execute(input: CreateScheduleInput): Promise<StoredSchedule> {
    const def = validateScheduleInput(input);
    const plan = await this.prisma.ringPlan.findUnique({ where: { name: def.ringPlan }, select: { id: true } });
    if (!plan) throw notFound('ring plan', def.ringPlan);
    let schedule: StoredSchedule;
    try {
      schedule = await this.schedules.create(def, plan.id, this.clock());
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`schedule "${def.name}" already exists`);
      }
      throw error;
    }
    this.registrar.register(schedule);
    return schedule;
  }
}
