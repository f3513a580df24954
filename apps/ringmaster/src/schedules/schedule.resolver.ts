import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { notFound } from '@ringmaster/domain';
import { Roles } from '../auth/roles.decorator.js';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { nextOccurrence } from './cron.occurrences.js';
import { CreateSchedule } from './create-schedule.usecase.js';
import { CreateScheduleInput, Schedule, UpdateScheduleInput } from './schedule.model.js';
import { ScheduleRegistrar } from './schedule.registrar.js';
import { ScheduleRepository, type StoredSchedule } from './schedule.repository.js';
import { UpdateSchedule } from './update-schedule.usecase.js';

/** schedules, createSchedule, updateSchedule, deleteSchedule. */
@Resolver(() => Schedule)
export class ScheduleResolver {
  constructor(
    private readonly repository: ScheduleRepository,
    private readonly create: CreateSchedule,
    private readonly update: UpdateSchedule,
    private readonly registrar: ScheduleRegistrar,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  @Roles('VIEWER')
  @Query(() => [Schedule], { description: 'every schedule, by name' })
  async schedules(): Promise<Schedule[]> {
    return (await this.repository.list()).map((s) => this.toModel(s));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Schedule, { description: 'creates a schedule and starts it; CONFLICT when the name is taken' })
  async createSchedule(@Args('input') input: CreateScheduleInput): Promise<Schedule> {
    return this.toModel(await this.create.execute(input));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Schedule, {
    description:
      'replaces the definition of the schedule named `input.name`; its cron job restarts with the new cron and timezone. NOT_FOUND when absent',
  })
  async updateSchedule(@Args('input') input: UpdateScheduleInput): Promise<Schedule> {
    return this.toModel(await this.update.execute(input));
  }

  @Roles('RELEASE_MANAGER')
  @Mutation(() => Boolean, { description: 'deletes a schedule; its trains keep running. NOT_FOUND when absent' })
  async deleteSchedule(@Args('name') name: string): Promise<boolean> {
    const id = await this.repository.deleteByName(name);
    if (!id) throw notFound('schedule', name);
    this.registrar.unregister(id);
    return true;
  }

  private toModel(s: StoredSchedule): Schedule {
    return {
      ...s,
      nextOccurrenceAt: s.enabled ? new Date(nextOccurrence(s.cron, s.timezone, this.clock().getTime())) : null,
    };
  }
}
