import type { TrainPass } from './train.pass.js';

// Transitions shared by decide and the commands. Each assumes its caller checked that it is legal.

/** SCHEDULED → RUNNING (or AWAITING_APPROVAL when the first ring's gate is MANUAL). */
export function applyStart(pass: TrainPass): void {
  pass.updateTrain({ status: 'RUNNING', startedAt: pass.now });
  pass.emit('TRAIN_STARTED', `train ${pass.next.id} started: release ${pass.next.releaseVersion}`);
  enterRing(pass, 0);
}

/**
 * Makes ring r the current ring: with a MANUAL gate it waits for approval (train AWAITING_APPROVAL), otherwise it
 * starts deploying at once.
 */
export function enterRing(pass: TrainPass, r: number): void {
  pass.updateTrain({ currentRingIndex: r });
  const name = pass.ringName(r);
  if (pass.next.plan.rings[r].gate === 'MANUAL' && pass.ring(r).approvedAt === undefined) {
    pass.updateRing(r, { status: 'AWAITING_APPROVAL' });
    pass.updateTrain({ status: 'AWAITING_APPROVAL' });
    pass.emit('RING_AWAITING_APPROVAL', `ring ${name} awaits approval`, { ring: name });
    return;
  }
  startRing(pass, r);
}

/** Ring r starts deploying. */
export function startRing(pass: TrainPass, r: number): void {
  const name = pass.ringName(r);
  pass.updateRing(r, { status: 'DEPLOYING', startedAt: pass.now });
  if (pass.next.status !== 'RUNNING') pass.updateTrain({ status: 'RUNNING' });
  pass.emit('RING_STARTED', `ring ${name} started (${pass.byRing[r].length} targets)`, { ring: name });
}

/**
 * Aborts every in-flight deploy of the current ring: the target goes back to PENDING, marked `aborted`, with an
 * `abort` action. On a resume it is deployed again (a retry, which clears the abort).
 */
export function abortInFlight(pass: TrainPass, why: string): void {
  const r = pass.next.currentRingIndex;
  if (r === undefined) return;
  for (const i of pass.byRing[r]) {
    const t = pass.target(i);
    if (t.status !== 'DEPLOYING') continue;
    pass.updateTarget(i, { status: 'PENDING', aborted: true, message: `canary aborted: ${why}` });
    pass.act({ type: 'abort', environment: t.environment, cluster: t.cluster });
  }
}

/**
 * → HALTED: nothing new is deployed anywhere; the current ring FAILS and its in-flight canaries are aborted, unless
 * the train rolls back in the same pass (`rollsBackNow`): then each canary's revert ends it instead, and the few
 * whose revert is unsafe are aborted (see train.rollback.ts). An abort first would cost every in-flight target a
 * second write under the same per-cluster rate limit as the reverts. `payload` goes on the TRAIN_HALTED event.
 */
export function applyHalt(
  pass: TrainPass,
  reason: string,
  payload?: Record<string, unknown>,
  rollsBackNow = false,
): void {
  const r = pass.next.currentRingIndex;
  pass.updateTrain({ status: 'HALTED', haltReason: reason });
  if (r !== undefined) {
    const ring = pass.ring(r);
    if (ring.status === 'DEPLOYING' || ring.status === 'BAKING') {
      pass.updateRing(r, { status: 'FAILED', finishedAt: pass.now, bakePausedSince: undefined });
    }
  }
  if (!rollsBackNow) abortInFlight(pass, 'train halted');
  pass.emit('TRAIN_HALTED', `train halted: ${reason}`, {
    ...(r === undefined ? {} : { ring: pass.ringName(r) }),
    ...(payload ? { payload } : {}),
  });
}

/**
 * → ROLLING_BACK: the rings reached are rolled back, newest first (see train.rollback.ts). In-flight canaries are
 * not aborted first: their revert ends them, and one whose revert is unsafe is aborted instead.
 */
export function beginRollback(pass: TrainPass, reason: string): void {
  pass.updateTrain({ status: 'ROLLING_BACK', paused: false, haltReason: pass.next.haltReason ?? reason });
  pass.emit('ROLLBACK_STARTED', `rolling back: ${reason}`);
}
