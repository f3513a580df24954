import { validateSchedule, type ScheduleDefinition } from '@ringmaster/domain';
import { checkCron } from './cron.occurrences.js';
import type { CreateScheduleInput } from './schedule.model.js';

/**
 * Validates createSchedule's and updateSchedule's input alike: one BAD_USER_INPUT naming every field at fault.
 * GraphQL gives absent optional fields as null; the domain wants them left out.
 */
export function validateScheduleInput(input: CreateScheduleInput): ScheduleDefinition {
  return validateSchedule(
    {
      ...input,
      freezeWindows: (input.freezeWindows ?? []).map((w) =>
        Object.fromEntries(Object.entries(w).filter(([, v]) => v !== null && v !== undefined)),
      ),
      missedPolicy: input.missedPolicy ?? undefined,
    },
    checkCron,
  );
}
