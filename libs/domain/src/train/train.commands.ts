import { conflict, notFound } from '../common/domain.errors.js';
import { countsTowardBudget } from '../policy/failure-budget.policy.js';
import { DEFAULT_DECIDE_OPTIONS, type DecideOptions } from './train.options.js';
import { type CommandResult, TrainPass } from './train.pass.js';
import type { TargetStatus } from '../common/domain.enums.js';
import type { TrainState } from './train.state.js';
import { abortInFlight, applyHalt, applyStart, beginRollback, startRing } from './train.transitions.js';

// The use cases' pure halves. Each refuses an illegal transition with a CONFLICT DomainError (a missing ring or
// environment is NOT_FOUND) before building anything, so nothing changes on an error. After one succeeds, persist
// its result and wake the reconciler at once.

function run(
  state: TrainState,
  now: number,
  change: (pass: TrainPass) => void,
  options?: DecideOptions,
): CommandResult {
  const pass = new TrainPass(state, now, options ?? DEFAULT_DECIDE_OPTIONS);
  change(pass);
  const { next, changes, events, actions } = pass.result();
  return { next, changes, events, actions };
}

function refuse(state: TrainState, operation: string): never {
  throw conflict(`cannot ${operation} train ${state.id}: it is ${state.status}${state.paused ? ' (paused)' : ''}`);
}

/** SCHEDULED → RUNNING; the first ring starts, or awaits approval when its gate is MANUAL. */
export function startTrain(state: TrainState, now: number): CommandResult {
  if (state.status !== 'SCHEDULED') refuse(state, 'start');
  return run(state, now, applyStart);
}

/** Approves the ring awaiting approval: it starts deploying and the train runs again. */
export function approveRing(state: TrainState, ring: string, now: number, approvedBy?: string): CommandResult {
  const r = state.plan.rings.findIndex((p) => p.name === ring);
  if (r < 0) throw notFound('ring', ring);
  if (
    state.status !== 'AWAITING_APPROVAL' ||
    state.currentRingIndex !== r ||
    state.rings[r].status !== 'AWAITING_APPROVAL'
  ) {
    throw conflict(
      `cannot approve ring ${ring} of train ${state.id}: it is ${state.rings[r].status}, not AWAITING_APPROVAL`,
    );
  }
  return run(state, now, (pass) => {
    pass.updateRing(r, { approvedAt: now, approvedBy });
    pass.emit('RING_APPROVED', `ring ${ring} approved${approvedBy ? ` by ${approvedBy}` : ''}`, {
      ring,
      payload: approvedBy ? { approvedBy } : {},
    });
    startRing(pass, r);
  });
}

/** A running (or approval-awaiting) train stops deploying anything new; it keeps observing. */
export function pauseTrain(state: TrainState, now: number): CommandResult {
  if ((state.status !== 'RUNNING' && state.status !== 'AWAITING_APPROVAL') || state.paused) refuse(state, 'pause');
  return run(state, now, (pass) => {
    pass.updateTrain({ paused: true });
    pass.emit('TRAIN_PAUSED', `train ${state.id} paused`);
  });
}

/**
 * Resumes a paused train, or a HALTED one. Resuming after a halt accepts the counted failures of the current ring
 * so far (the budget judges only new ones), restarts that ring's bake from scratch, and redeploys the canaries the
 * halt aborted.
 */
export function resumeTrain(state: TrainState, now: number): CommandResult {
  if (state.status === 'HALTED') {
    return run(state, now, (pass) => {
      const r = state.currentRingIndex;
      let status: 'RUNNING' | 'AWAITING_APPROVAL' = 'RUNNING';
      if (r !== undefined) {
        const ring = state.rings[r];
        if (ring.status === 'AWAITING_APPROVAL') status = 'AWAITING_APPROVAL';
        let counted = 0;
        for (const i of pass.byRing[r]) {
          const t = pass.target(i);
          if (t.status === 'FAILED' && t.cause !== undefined && countsTowardBudget(t.cause)) counted++;
        }
        const restart =
          ring.status === 'FAILED'
            ? { status: 'DEPLOYING' as const, finishedAt: undefined, bakeStartedAt: undefined, bakeEndsAt: undefined }
            : {};
        pass.updateRing(r, { ...restart, bakePausedSince: undefined, acceptedFailures: counted });
      }
      pass.updateTrain({ status, paused: false, haltReason: undefined });
      pass.emit('TRAIN_RESUMED', `train ${state.id} resumed after a halt`);
    });
  }
  if ((state.status !== 'RUNNING' && state.status !== 'AWAITING_APPROVAL') || !state.paused) refuse(state, 'resume');
  return run(state, now, (pass) => {
    pass.updateTrain({ paused: false });
    pass.emit('TRAIN_RESUMED', `train ${state.id} resumed`);
  });
}

/** A release manager halts the train: nothing new is deployed, in-flight canaries are aborted. No auto-rollback. */
export function haltTrain(state: TrainState, reason: string, now: number): CommandResult {
  if (state.status !== 'RUNNING' && state.status !== 'AWAITING_APPROVAL') refuse(state, 'halt');
  return run(state, now, (pass) => applyHalt(pass, reason));
}

/** Rolls back every ring reached, newest first (decide carries it out). */
export function rollbackTrain(state: TrainState, reason: string, now: number): CommandResult {
  if (state.status !== 'RUNNING' && state.status !== 'AWAITING_APPROVAL' && state.status !== 'HALTED') {
    refuse(state, 'roll back');
  }
  return run(state, now, (pass) => {
    if (state.status !== 'HALTED') pass.updateTrain({ haltReason: reason });
    beginRollback(pass, reason);
  });
}

/** Cancels a train that has not finished: nothing more happens; in-flight canaries are aborted, nothing rolled back. */
export function cancelTrain(state: TrainState, now: number, reason?: string): CommandResult {
  const cancellable = ['SCHEDULED', 'RUNNING', 'AWAITING_APPROVAL', 'HALTED'];
  if (!cancellable.includes(state.status)) refuse(state, 'cancel');
  return run(state, now, (pass) => {
    abortInFlight(pass, 'train cancelled');
    pass.updateTrain({ status: 'CANCELLED', finishedAt: now, paused: false });
    pass.emit('TRAIN_CANCELLED', `train ${state.id} cancelled${reason ? `: ${reason}` : ''}`);
  });
}

function findTarget(state: TrainState, environment: string): number {
  const i = state.targets.findIndex((t) => t.environment === environment);
  if (i < 0) throw notFound('target', environment);
  return i;
}

const RETRYABLE: readonly TargetStatus[] = ['FAILED', 'EXCLUDED'];

/**
 * Retries a FAILED or EXCLUDED target of the current ring now: it leaves the budget's count and is deployed again
 * on the next pass (once the train runs). Allowed while RUNNING or HALTED.
 */
export function retryTarget(state: TrainState, environment: string, now: number): CommandResult {
  const i = findTarget(state, environment);
  const t = state.targets[i];
  if (state.status !== 'RUNNING' && state.status !== 'HALTED') refuse(state, `retry ${environment} of`);
  if (!RETRYABLE.includes(t.status) || t.ringIndex !== state.currentRingIndex) {
    throw conflict(`cannot retry ${environment}: it is ${t.status} in ring ${state.plan.rings[t.ringIndex]?.name}`);
  }
  return run(state, now, (pass) => {
    pass.updateTarget(i, { status: 'RETRYING', nextAttemptAt: now, cause: undefined, message: 'retry requested' });
    pass.emit('TARGET_RETRYING', `${environment}: retry requested`, {
      ring: pass.ringName(t.ringIndex),
      environment,
      payload: { manual: true },
    });
  });
}

const EXCLUDABLE: readonly TargetStatus[] = ['PENDING', 'DEPLOYING', 'HEALTHY', 'FAILED', 'RETRYING'];

/** Takes a target out of the train; an in-flight canary of it is aborted. Not while rolling back or finished. */
export function excludeTarget(state: TrainState, environment: string, reason: string, now: number): CommandResult {
  const i = findTarget(state, environment);
  const t = state.targets[i];
  const active = ['SCHEDULED', 'RUNNING', 'AWAITING_APPROVAL', 'HALTED'];
  if (!active.includes(state.status)) refuse(state, `exclude ${environment} from`);
  if (!EXCLUDABLE.includes(t.status)) throw conflict(`cannot exclude ${environment}: it is ${t.status}`);
  return run(state, now, (pass) => {
    if (t.status === 'DEPLOYING') pass.act({ type: 'abort', environment, cluster: t.cluster });
    pass.updateTarget(i, { status: 'EXCLUDED', message: `excluded: ${reason}`, nextAttemptAt: undefined });
    pass.emit('TARGET_EXCLUDED', `${environment} excluded from the train: ${reason}`, {
      ring: pass.ringName(t.ringIndex),
      environment,
      payload: { reason, tenant: t.tenant },
    });
  });
}
