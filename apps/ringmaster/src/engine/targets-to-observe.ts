import type { TrainState } from '@ringmaster/domain';

/**
 * The targets a pass observes: while rolling back, every target the train deployed to; otherwise the current ring's
 * targets (excluded ones need no look). A ring the pass enters is observed once decide deploys into it (see
 * TrainReconciler): its targets' images before the first deploy are what a rollback restores.
 */
export function targetsToObserve(state: TrainState): string[] {
  if (state.status === 'ROLLING_BACK') {
    // "touched" is attempts > 0, as the rollback itself counts it: a canary aborted by the halt is PENDING again
    // (and an excluded target may have run the release), yet both must be seen back on their previous images
    return state.targets.filter((t) => t.attempts > 0).map((t) => t.environment);
  }
  if (state.currentRingIndex === undefined) return [];
  const r = state.currentRingIndex;
  return state.targets.filter((t) => t.ringIndex === r && t.status !== 'EXCLUDED').map((t) => t.environment);
}
