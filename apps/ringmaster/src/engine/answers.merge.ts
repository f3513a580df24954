import type { AttributionResult } from '@ringmaster/domain';

/** Where attributions outlive a replica: the Attribution rows (AttributionRepository.latestForTrain). */
export interface DurableAttributions {
  /** by environment: the latest attribution of each target of the train, overrides included */
  latestForTrain(trainId: string): Promise<ReadonlyMap<string, AttributionResult>>;
}

/**
 * The attributions a pass hands to `decide`: the stored ones (which survive a restart or a lease moving to another
 * replica, and carry a release manager's override), and this replica's in-memory answers only where they are for a
 * newer attempt than the stored one, or nothing is stored (a judgement that could not be written answers UNKNOWN
 * without a row). For the same attempt the stored row wins: it is the same judgement, or an override of it. The row
 * keeps no fleet signal, so the same judgement takes `haltNow` (and its spread) from the answer; an override drops
 * it (a release manager has judged the target). Pure.
 */
export function mergeAttributions(
  durable: ReadonlyMap<string, AttributionResult>,
  memory: ReadonlyMap<string, AttributionResult> | undefined,
): Map<string, AttributionResult> {
  const merged = new Map(durable);
  for (const [environment, answer] of memory ?? []) {
    const stored = durable.get(environment);
    if (!stored || answer.attempt > stored.attempt) merged.set(environment, answer);
    else if (answer.attempt === stored.attempt && answer.haltNow && !stored.overriddenBy) {
      merged.set(environment, { ...stored, haltNow: true, fleetSpread: answer.fleetSpread });
    }
  }
  return merged;
}
