import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type { UpdateScheduleInput } from './schedule.model.js';
import { validateScheduleInput } from './schedule-input.validator.js';
import { ScheduleRegistrar } from './schedule.registrar.js';
import { ScheduleRepository, type StoredSchedule } from './schedule.repository.js';

/**
 * updateSchedule: validates as createSchedule does (BAD_USER_INPUT), checks the ring plan and the schedule
 * (NOT_FOUND), replaces the definition and restarts the cron job with the new cron and timezone. The schedule
 * keeps its id, so occurrences already recorded (the idempotency keys) still count: none fires twice.
 */
@Injectable()
export class UpdateSchedule {
  constructor(
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
    private readonly schedules: ScheduleRepository,
    private readonly registrar: ScheduleRegistrar,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  async execute(input: UpdateScheduleInput): Promise<StoredSchedule> {
    const def = validateScheduleInput(input);
    const plan = await this.prisma.ringPlan.findUnique({ where: { name: def.ringPlan }, select: { id: true } });
    if (!plan) throw notFound('ring plan', def.ringPlan);
    const schedule = await this.schedules.update(def, plan.id, this.clock());
    if (!schedule) throw notFound('schedule', def.name);
    if (schedule.enabled) this.registrar.register(schedule);
    else this.registrar.unregister(schedule.id);
    return schedule;
  }
}
