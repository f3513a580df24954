import { isFrozen, type FreezeWindow, type Observations } from '@ringmaster/domain';

/**
 * `Observations.frozen` at `now` from a train's freeze windows (its ring plan's, and its schedule's when a schedule
 * created it), through the domain's evaluator: while frozen no new ring starts, and `until` is when the freeze ends.
 * Pure.
 */
export function frozenAt(windows: readonly FreezeWindow[], now: number): Observations['frozen'] {
  if (windows.length === 0) return undefined;
  const freeze = isFrozen(windows, now);
  return freeze ? { until: freeze.until, reason: freeze.reason } : undefined;
}
