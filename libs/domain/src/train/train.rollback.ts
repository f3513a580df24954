import type { Observations } from './train.observations.js';
import type { TrainPass } from './train.pass.js';

/**
 * One pass of a ROLLING_BACK train. The rings reached are rolled back one at a time, the newest first; within a
 * ring, up to `maxParallelRollbacks` targets at once. Each target the train deployed to (attempts > 0) goes
 * SAFETY_CHECK (`checkRollbackSafety`) → REVERTING (`rollback`) → ROLLED_BACK once observed on its previous images;
 * an unsafe one becomes ROLLBACK_UNSAFE and is left alone. All rings done → ROLLED_BACK.
 */
export function rollbackPass(pass: TrainPass, obs: Observations): void {
  const last = pass.next.currentRingIndex ?? -1;
  for (let r = last; r >= 0; r--) {
    const status = pass.ring(r).status;
    // rings never started have nothing to undo
    if (status === 'PENDING' || status === 'AWAITING_APPROVAL' || status === 'ROLLED_BACK') continue;
    if (status !== 'ROLLING_BACK') pass.updateRing(r, { status: 'ROLLING_BACK', bakePausedSince: undefined });
    if (!rollbackRing(pass, r, obs)) {
      pass.poll();
      return;
    }
    pass.updateRing(r, { status: 'ROLLED_BACK', finishedAt: pass.now });
  }
  pass.updateTrain({ status: 'ROLLED_BACK', finishedAt: pass.now });
  pass.emit('TRAIN_ROLLED_BACK', `train ${pass.next.id} rolled back`);
}

/** Moves ring r's rollback on; true when every target in it is done. */
function rollbackRing(pass: TrainPass, r: number, obs: Observations): boolean {
  const ring = pass.ringName(r);
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
      pass.emit('TARGET_ROLLED_BACK', `${t.environment} rolled back`, { ring, environment: t.environment });
      unfinished--;
      if (t.rollbackStep) inFlight--;
      continue;
    }
    const previousImages = t.previousImages ?? o?.previousImages;
    if (t.rollbackStep === undefined) {
      toStart.push(i);
    } else if (t.rollbackStep === 'SAFETY_CHECK') {
      const safety = obs.rollbackSafety.get(t.environment);
      if (!safety || !previousImages) {
        if (previousImages)
          pass.act({ type: 'checkRollbackSafety', environment: t.environment, cluster: t.cluster, previousImages });
      } else if (!safety.safe) {
        const missing = safety.missing?.length ? `: missing ${safety.missing.join(', ')}` : '';
        pass.updateTarget(i, {
          status: 'ROLLBACK_UNSAFE',
          rollbackStep: undefined,
          message: `rollback unsafe${missing}`,
        });
        pass.emit('ROLLBACK_UNSAFE', `${t.environment} left alone: rolling back would break it${missing}`, {
          ring,
          environment: t.environment,
          payload: { missing: safety.missing ?? [] },
        });
        unfinished--;
        inFlight--;
      } else {
        pass.updateTarget(i, { rollbackStep: 'REVERTING' });
        pass.act({ type: 'rollback', environment: t.environment, cluster: t.cluster, previousImages });
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
      pass.updateTarget(i, { status: 'ROLLBACK_UNSAFE', message: 'rollback unsafe: the previous images are unknown' });
      pass.emit('ROLLBACK_UNSAFE', `${t.environment} left alone: its previous images are unknown`, {
        ring,
        environment: t.environment,
        payload: { missing: ['previousImages'] },
      });
      unfinished--;
      continue;
    }
    pass.updateTarget(i, { rollbackStep: 'SAFETY_CHECK', previousImages });
    pass.act({ type: 'checkRollbackSafety', environment: t.environment, cluster: t.cluster, previousImages });
    inFlight++;
  }
  return unfinished === 0;
}
