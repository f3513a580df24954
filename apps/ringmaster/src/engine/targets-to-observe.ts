import type { TrainState } from '@ringmaster/domain';

/**
 * The targets a pass observes: while rolling back, every target the train deployed to; otherwise the current ring's
 * targets (excluded ones need no look) and, when this pass may start the next ring, that ring's too. A target must
 * be observed in the pass that first deploys it: its images before the deploy are what a rollback restores, and
 * after the write no observation shows them any more.
 */
export function targetsToObserve(state: TrainState, now: number): string[] {
  if (state.status === 'ROLLING_BACK') {
    // "touched" is attempts > 0, as the rollback itself counts it: a canary aborted by the halt is PENDING again
    // (and an excluded target may have run the release), yet both must be seen back on their previous images
    return state.targets.filter((t) => t.attempts > 0).map((t) => t.environment);
  }
  const rings = ringsToObserve(state, now);
  return state.targets
    .filter((t) => rings.includes(t.ringIndex) && t.status !== 'EXCLUDED')
    .map((t) => t.environment);
}

/** The current ring, and the next one when this pass may enter it. */
function ringsToObserve(state: TrainState, now: number): number[] {
  const r = state.currentRingIndex;
  if (r === undefined) {
    // a scheduled train whose time has come starts, and deploys its first ring, in this pass
    return state.status === 'SCHEDULED' && state.startAt !== undefined && state.startAt <= now ? [0] : [];
  }
  if (state.status !== 'RUNNING' || r + 1 >= state.plan.rings.length) return [r];
  const run = state.rings[r];
  const mayPass =
    run.status === 'PASSED' ||
    (run.status === 'DEPLOYING' && state.plan.rings[r].bakeMs === 0) ||
    (run.status === 'BAKING' && (run.bakeEndsAt ?? now) <= now);
  return mayPass ? [r, r + 1] : [r];
}
