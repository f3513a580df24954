import { CAUSES } from '../common/domain.enums.js';
import type { Attribution, AttributionOverride } from './attribution.model.js';

/** An override that cannot be recorded (unknown cause, no actor, no note). */
export class InvalidOverrideError extends Error {
  constructor(
    message: string,
    readonly field: 'cause' | 'actor' | 'note',
  ) {
    super(message);
    this.name = 'InvalidOverrideError';
  }
}

/**
 * A release manager's override: the cause becomes theirs (confidence 1, a human decided), the judged cause and
 * confidence are kept in `judged` (the first judgement, across repeated overrides), and who and why in `override`.
 * `haltNow` holds (as judged) only while the cause is RELEASE. The caller re-evaluates the ring's budget.
 * @throws InvalidOverrideError when the cause is unknown or the actor or note is blank.
 */
export function applyOverride(attribution: Attribution, override: AttributionOverride): Attribution {
  if (!(CAUSES as readonly string[]).includes(override.cause)) {
    throw new InvalidOverrideError(`unknown cause ${String(override.cause)}`, 'cause');
  }
  if (override.actor.trim() === '') throw new InvalidOverrideError('an override needs an actor', 'actor');
  if (override.note.trim() === '') throw new InvalidOverrideError('an override needs a note saying why', 'note');
  const judged = attribution.judged ?? {
    cause: attribution.cause,
    confidence: attribution.confidence,
    haltNow: attribution.haltNow,
  };
  return {
    ...attribution,
    cause: override.cause,
    confidence: 1,
    haltNow: judged.haltNow && override.cause === 'RELEASE',
    judged,
    override: { ...override },
  };
}
