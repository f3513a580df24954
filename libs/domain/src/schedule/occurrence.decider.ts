import type { FreezeWindow } from './freeze-window.model.js';
import { isFrozen } from './freeze-window.evaluator.js';
import { selectRelease, type CandidateRelease } from './release.selector.js';
import type { MissedOccurrencePolicy } from './schedule.validator.js';

/** Why an occurrence did not create a train. */
export const SKIP_REASONS = ['FREEZE', 'NO_RELEASE', 'MISSED'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The outcome of one occurrence: fire with a release, or skip with a reason and a message for the event. */
export type OccurrenceDecision =
  { outcome: 'FIRED'; release: CandidateRelease } | { outcome: 'SKIPPED'; reason: SkipReason; message: string };

/** What deciding one occurrence needs; all given, nothing read. */
export interface OccurrenceFacts {
  /** the occurrence's instant (epoch ms) */
  occurrenceAt: number;
  freezeWindows: readonly FreezeWindow[];
  releaseSelector: string;
  releases: readonly CandidateRelease[];
  releasesWithTrains: ReadonlySet<string>;
}

/** Decides an occurrence that is due now: skipped inside a freeze window or without a release, else fired. */
export function decideOccurrence(facts: OccurrenceFacts): OccurrenceDecision {
  const freeze = isFrozen(facts.freezeWindows, facts.occurrenceAt);
  if (freeze) {
    const until = new Date(freeze.until).toISOString();
    return { outcome: 'SKIPPED', reason: 'FREEZE', message: `frozen until ${until}: ${freeze.reason}` };
  }
  const release = selectRelease(facts.releaseSelector, facts.releases, facts.releasesWithTrains);
  if (!release) {
    return {
      outcome: 'SKIPPED',
      reason: 'NO_RELEASE',
      message: `no release matching "${facts.releaseSelector}" without a train`,
    };
  }
  return { outcome: 'FIRED', release };
}

/** What to do with each occurrence missed during downtime (ascending instants, none recorded yet). */
export interface MissedPlan {
  /** occurrences recorded as SKIPPED (reason MISSED) */
  skip: number[];
  /** the one occurrence to decide as if due (CATCH_UP_ONCE: the latest), if any */
  catchUp?: number;
}

/**
 * SKIP: every missed occurrence is recorded as skipped. CATCH_UP_ONCE: the latest is decided as if due now,
 * the earlier ones are skipped: a long outage never produces a burst of trains.
 */
export function planMissedOccurrences(missed: readonly number[], policy: MissedOccurrencePolicy): MissedPlan {
  const sorted = [...new Set(missed)].sort((a, b) => a - b);
  if (policy === 'SKIP' || sorted.length === 0) return { skip: sorted };
  return { skip: sorted.slice(0, -1), catchUp: sorted[sorted.length - 1] };
}

/** The train idempotency key of an occurrence: one train per (schedule, occurrence). */
export function occurrenceKey(scheduleId: string, occurrenceAt: number): string {
  return `schedule:${scheduleId}:${new Date(occurrenceAt).toISOString()}`;
}
