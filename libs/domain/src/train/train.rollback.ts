import type { Observations, RollbackSafety } from './train.observations.js';
import type { TrainPass } from './train.pass.js';
import type { ComponentImages } from './train.state.js';

/**
 * The rings a rollback works on, in the order their actions are issued: the newest ring reached first, down to the
 * first ring. This is DESIGN.md's "reverse ring order": ring N−1's actions come after ring N's (so in every
 * cluster's queue, under its rate limit, the newest ring's writes go first), but ring N−1 does not wait for ring N
 * to be observed rolled back. Waiting would add one observe round trip per ring to the time the release stays
 * exposed after a halt, and buys nothing: each target's rollback restores only that target.
 */
export function rollbackRingOrder(currentRingIndex: number | undefined): number[] {
  const out: number[] = [];
  for (let r = currentRingIndex ?? -1; r >= 0; r--) out.push(r);
  return out;
}

/**
 * One pass of a ROLLING_BACK train. Every ring reached is rolled back in the same pass, in `rollbackRingOrder`;
 * within a ring, up to `maxParallelRollbacks` targets at once. Each target the train deployed to (attempts > 0) goes
 * SAFETY_CHECK (`rollbackIfSafe`: the check, and the revert when it passes, in one action) → REVERTING once the
 * answer says safe (`rollback` re-issued until observed, unless the answer says the revert went out) → ROLLED_BACK
 * once observed on its previous images. The check and the revert go together because a halt's whole exposure waits
 * on them: a pass in between would add a save of every target and a round trip before the first write. An unsafe
 * target becomes ROLLBACK_UNSAFE and is left alone: nothing was written to it. A ring is ROLLED_BACK when all its
 * targets are done, the train when all rings are.
 */
export function rollbackPass(pass: TrainPass, obs: Observations): void {
  let unfinished = false;
  for (const r of rollbackRingOrder(pass.next.currentRingIndex)) {
    const status = pass.ring(r).status;
    // rings never started have nothing to undo
    if (status === 'PENDING' || status === 'AWAITING_APPROVAL' || status === 'ROLLED_BACK') continue;
    if (status !== 'ROLLING_BACK') pass.updateRing(r, { status: 'ROLLING_BACK', bakePausedSince: undefined });
    if (rollbackRing(pass, r, obs)) pass.updateRing(r, { status: 'ROLLED_BACK', finishedAt: pass.now });
    else unfinished = true;
  }
  if (unfinished) {
    pass.poll();
    return;
  }
  pass.updateTrain({ status: 'ROLLED_BACK', finishedAt: pass.now });
  pass.emit('TRAIN_ROLLED_BACK', `train ${pass.next.id} rolled back`);
}

/** Moves ring r's rollback on; true when every target in it is done. */
function rollbackRing(pass: TrainPass, r: number, obs: Observations): boolean {
  let unfinished = 0;
  let inFlight = 0;
  const toStart: number[] = [];
  for (const i of pass.byRing[r]) {
    const t = pass.target(i);
    if (t.attempts === 0 || t.status === 'ROLLED_BACK' || t.status === 'ROLLBACK_UNSAFE') continue;
    unfinished++;
    if (t.rollbackStep) inFlight++;
    if (obs.unreachableClusters.has(t.cluster)) continue;
    const o = obs.targets.get(t.environment);
    if (o?.runsPreviousImages) {
      pass.updateTarget(i, { status: 'ROLLED_BACK', rollbackStep: undefined, message: 'rolled back' });
      pass.emit('TARGET_ROLLED_BACK', `${t.environment} rolled back`, {
        ring: pass.ringName(r),
        environment: t.environment,
      });
      unfinished--;
      if (t.rollbackStep) inFlight--;
      continue;
    }
    const previousImages = t.previousImages ?? o?.previousImages;
    if (t.rollbackStep === undefined) {
      toStart.push(i);
    } else if (t.rollbackStep === 'SAFETY_CHECK') {
      if (previousImages && actOnSafety(pass, i, previousImages, obs.rollbackSafety.get(t.environment))) {
        unfinished--;
        inFlight--;
      }
    } else if (o && previousImages) {
      // not on the previous images yet: the revert is idempotent, ask again
      pass.act({ type: 'rollback', environment: t.environment, cluster: t.cluster, previousImages });
    }
  }
  for (const i of toStart) {
    if (inFlight >= pass.options.maxParallelRollbacks) break;
    const t = pass.target(i);
    const previousImages = t.previousImages ?? obs.targets.get(t.environment)?.previousImages;
    if (!previousImages) {
      abortIfInFlight(pass, i);
      pass.updateTarget(i, { status: 'ROLLBACK_UNSAFE', message: 'rollback unsafe: the previous images are unknown' });
      pass.emit('ROLLBACK_UNSAFE', `${t.environment} left alone: its previous images are unknown`, {
        ring: pass.ringName(r),
        environment: t.environment,
        payload: { missing: ['previousImages'] },
      });
      unfinished--;
      continue;
    }
    pass.updateTarget(i, { rollbackStep: 'SAFETY_CHECK', previousImages });
    if (actOnSafety(pass, i, previousImages, obs.rollbackSafety.get(t.environment))) unfinished--;
    else inFlight++;
  }
  return unfinished === 0;
}

/**
 * Target i is in SAFETY_CHECK: without an answer, asks for the check with the revert (`rollbackIfSafe`); safe →
 * REVERTING, with the revert issued in this very pass unless it went out with the check; unsafe → ROLLBACK_UNSAFE,
 * reported and left alone. True when the target is done (unsafe).
 */
function actOnSafety(
  pass: TrainPass,
  i: number,
  previousImages: ComponentImages,
  safety: RollbackSafety | undefined,
): boolean {
  const t = pass.target(i);
  if (!safety) {
    pass.act({ type: 'rollbackIfSafe', environment: t.environment, cluster: t.cluster, previousImages });
    return false;
  }
  if (safety.safe) {
    pass.updateTarget(i, { rollbackStep: 'REVERTING' });
    if (!safety.reverted)
      pass.act({ type: 'rollback', environment: t.environment, cluster: t.cluster, previousImages });
    return false;
  }
  const missing = safety.missing?.length ? `: missing ${safety.missing.join(', ')}` : '';
  abortIfInFlight(pass, i);
  pass.updateTarget(i, { status: 'ROLLBACK_UNSAFE', rollbackStep: undefined, message: `rollback unsafe${missing}` });
  pass.emit('ROLLBACK_UNSAFE', `${t.environment} left alone: rolling back would break it${missing}`, {
    ring: pass.ringName(t.ringIndex),
    environment: t.environment,
    payload: { missing: safety.missing ?? [] },
  });
  return true;
}

/** A canary still in flight that will not be reverted is aborted (traffic back to stable), as a halt would. */
function abortIfInFlight(pass: TrainPass, i: number): void {
  const t = pass.target(i);
  if (t.status !== 'DEPLOYING') return;
  pass.updateTarget(i, { aborted: true });
  pass.act({ type: 'abort', environment: t.environment, cluster: t.cluster });
}
