import { badUserInput } from '@ringmaster/domain';

/** Longest reason a release manager may give for a halt, a rollback or an exclusion. */
export const MAX_REASON_LENGTH = 1_000;

/** A command's reason, trimmed: BAD_USER_INPUT naming `field` when it is blank or too long. */
export function commandReason(reason: string, field = 'reason'): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw badUserInput(field, 'say why (it is shown in the train and in notifications)');
  if (trimmed.length > MAX_REASON_LENGTH) throw badUserInput(field, `at most ${MAX_REASON_LENGTH} characters`);
  return trimmed;
}
