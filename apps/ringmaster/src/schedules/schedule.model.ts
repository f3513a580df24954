import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MISSED_OCCURRENCE_POLICIES, type MissedOccurrencePolicy } from '@ringmaster/domain';

export const MissedOccurrencePolicyEnum = Object.fromEntries(MISSED_OCCURRENCE_POLICIES.map((p) => [p, p])) as {
  [K in MissedOccurrencePolicy]: K;
};
registerEnumType(MissedOccurrencePolicyEnum, {
  name: 'MissedOccurrencePolicy',
  description: 'What happens to occurrences missed while the service was down: SKIP them, or CATCH_UP_ONCE',
});

/** A freeze window: ONE_OFF (from/to ISO instants) or WEEKLY (days and HH:MM times in a timezone). */
@ObjectType()
export class FreezeWindow {
  @Field({ description: 'ONE_OFF or WEEKLY' }) kind: string;
  @Field(() => String, { nullable: true }) from?: string | null;
  @Field(() => String, { nullable: true }) to?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => String, { nullable: true, description: 'MON … SUN' }) startDay?: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM' }) startTime?: string | null;
  @Field(() => String, { nullable: true }) endDay?: string | null;
  @Field(() => String, { nullable: true }) endTime?: string | null;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@InputType()
export class FreezeWindowInput {
  @Field() kind: string;
  @Field(() => String, { nullable: true }) from?: string | null;
  @Field(() => String, { nullable: true }) to?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => String, { nullable: true }) startDay?: string | null;
  @Field(() => String, { nullable: true }) startTime?: string | null;
  @Field(() => String, { nullable: true }) endDay?: string | null;
  @Field(() => String, { nullable: true }) endTime?: string | null;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

/** A weekly train schedule. */
@ObjectType()
export class Schedule {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'five-field cron expression, evaluated in `timezone`' }) cron: string;
  @Field({ description: 'IANA timezone' }) timezone: string;
  @Field({ description: 'name of the ring plan trains follow' }) ringPlan: string;
  @Field({ description: 'e.g. "2026.*": the newest matching release without a train' }) releaseSelector: string;
  @Field(() => [FreezeWindow]) freezeWindows: FreezeWindow[];
  @Field(() => MissedOccurrencePolicyEnum) missedPolicy: MissedOccurrencePolicy;
  @Field(() => Date, { nullable: true, description: 'the next occurrence' }) nextOccurrenceAt: Date | null;
  @Field() createdAt: Date;
  @Field({ description: 'when its definition last changed: createdAt, or the latest updateSchedule' })
  updatedAt: Date;
}

@InputType()
export class CreateScheduleInput {
  @Field() name: string;
  @Field() cron: string;
  @Field() timezone: string;
  @Field() ringPlan: string;
  @Field() releaseSelector: string;
  @Field(() => [FreezeWindowInput], { nullable: true }) freezeWindows?: FreezeWindowInput[] | null;
  @Field(() => MissedOccurrencePolicyEnum, { nullable: true }) missedPolicy?: MissedOccurrencePolicy | null;
}

@InputType({ description: "createSchedule's fields: the schedule is found by name, every other field replaced" })
export class UpdateScheduleInput extends CreateScheduleInput {}
