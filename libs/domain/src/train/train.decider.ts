import { budgetExhausted } from '../policy/failure-budget.policy.js';
import { fleetHaltPayload, fleetHaltReason } from './train.fleet-halt.js';
import type { Observations } from './train.observations.js';
import { DEFAULT_DECIDE_OPTIONS, type DecideOptions } from './train.options.js';
import { type Decision, TrainPass } from './train.pass.js';
import { rollbackPass } from './train.rollback.js';
import type { TrainState } from './train.state.js';
import { applyOverrides, deployWave, observeRing, type RingTally } from './train.targets.js';
import { beginRollback, enterRing, applyHalt, applyStart } from './train.transitions.js';

/**
 * The train engine's pure decision: given the stored state, what the clusters report and the time, returns the
 * FULL next state (sharing unchanged objects with `state`; `changes` lists what differs), the idempotent actions to
 * apply, the events to record, and when to look again. Never throws for a well-formed state; O(targets).
 *
 * A reconciler: loads the state, gathers observations for the current ring (or the ring being rolled back), calls
 * decide, persists `next` (only `changes`) with `events` in one transaction, then applies `actions`. Because every
 * action is re-derived from what is observed, a crash between any two steps loses nothing and repeats nothing that
 * matters.
 */
export function decide(
  state: TrainState,
  observations: Observations,
  now: number,
  options: DecideOptions = DEFAULT_DECIDE_OPTIONS,
): Decision {
  const pass = new TrainPass(state, now, options);
  switch (state.status) {
    case 'SCHEDULED':
      if (state.startAt === undefined) break;
      if (now < state.startAt) {
        pass.wakeNoLaterThan(state.startAt);
        break;
      }
      if (heldByFreeze(pass, observations)) break;
      applyStart(pass);
      advance(pass, observations);
      break;
    case 'RUNNING':
      advance(pass, observations);
      break;
    case 'HALTED':
      keepAborted(pass, observations);
      if (state.currentRingIndex !== undefined) applyOverrides(pass, state.currentRingIndex, observations);
      break;
    case 'ROLLING_BACK':
      rollbackPass(pass, observations);
      break;
    default:
      // AWAITING_APPROVAL waits for approveRing; terminal states never move
      break;
  }
  return pass.result();
}

/** Moves a RUNNING train along its rings; several rings in one pass when they pass at once (zero bake). */
function advance(pass: TrainPass, obs: Observations): void {
  const rings = pass.next.plan.rings;
  // each ring takes at most two turns: entering it, then moving its targets
  for (let turn = 0; turn <= 2 * rings.length && pass.next.status === 'RUNNING'; turn++) {
    const r = pass.next.currentRingIndex ?? 0;
    const status = pass.ring(r).status;
    if (status === 'PENDING') {
      if (heldByFreeze(pass, obs)) return;
      enterRing(pass, r);
      continue;
    }
    if (status === 'PASSED') {
      if (r === rings.length - 1) return completeTrain(pass);
      // a paused train keeps the next ring for later
      if (pass.next.paused || heldByFreeze(pass, obs)) return;
      enterRing(pass, r + 1);
      continue;
    }
    if (status !== 'DEPLOYING' && status !== 'BAKING') return;
    pass.poll();
    const tally = observeRing(pass, r, obs);
    // accepted failures a release manager has since overridden to a cause that does not count are accepted no more
    if (pass.ring(r).acceptedFailures > tally.counted) pass.updateRing(r, { acceptedFailures: tally.counted });
    const policy = rings[r];
    const counted = tally.counted - pass.ring(r).acceptedFailures;
    // the fleet signal halts at once, before the budget is exhausted (and names the stronger evidence when both hold)
    if (tally.fleetHalt) {
      applyHalt(
        pass,
        fleetHaltReason(policy.name, tally.fleetHalt, counted, tally.total),
        fleetHaltPayload(tally.fleetHalt),
        pass.next.autoRollback,
      );
      return rollBackIfAuto(pass, `fleet spread in ring ${policy.name}`, obs);
    }
    if (budgetExhausted(policy, { counted, total: tally.total })) {
      haltForBudget(pass, r, counted, tally);
      return rollBackIfAuto(pass, `failure budget of ring ${policy.name} exhausted`, obs);
    }
    if (!pass.next.paused) deployWave(pass, r, tally, obs);
    if (!bakeDone(pass, r, tally, obs)) return;
    pass.updateRing(r, { status: 'PASSED', finishedAt: pass.now });
    pass.emit('RING_PASSED', `ring ${policy.name} passed`, { ring: policy.name });
  }
}

/** True while a freeze window holds new rings back; the train looks again when it ends (or at the next poll). */
function heldByFreeze(pass: TrainPass, obs: Observations): boolean {
  if (!obs.frozen) return false;
  if (obs.frozen.until !== undefined && obs.frozen.until > pass.now) pass.wakeNoLaterThan(obs.frozen.until);
  else pass.poll();
  return true;
}

function rollBackIfAuto(pass: TrainPass, why: string, obs: Observations): void {
  if (!pass.next.autoRollback) return;
  beginRollback(pass, why);
  rollbackPass(pass, obs);
}

function haltForBudget(pass: TrainPass, r: number, counted: number, tally: RingTally): void {
  const policy = pass.next.plan.rings[r];
  const { maxFailures, maxFailurePercent } = policy.failureBudget;
  const limits = [
    maxFailures != null ? `${maxFailures} failures` : undefined,
    maxFailurePercent != null ? `${maxFailurePercent}%` : undefined,
  ].filter(Boolean);
  applyHalt(
    pass,
    `failure budget of ring ${policy.name} exhausted: ${counted} of ${tally.total} targets failed (allowed ${limits.join(' and ')})`,
    undefined,
    pass.next.autoRollback,
  );
}

/**
 * Runs ring r's bake and tells whether it is done. The bake starts once every target of the ring is settled
 * (HEALTHY, EXCLUDED, or FAILED with a cause the budget has absorbed) and lasts `bakeMs`; while the ring's metrics
 * are unreachable its clock stops, and the time lost is added to bakeEndsAt. Once its time is up it passes only if
 * its telemetry has decided (no ring in `bakeUndecidedRings`). A zero bake, or a ring with no target left, passes as
 * soon as it is settled.
 */
function bakeDone(pass: TrainPass, r: number, tally: RingTally, obs: Observations): boolean {
  const policy = pass.next.plan.rings[r];
  const metricsDown = obs.metricsUnreachableRings.has(policy.name);
  let ring = pass.ring(r);
  if (ring.status === 'DEPLOYING') {
    if (tally.unsettled > 0) return false;
    if (policy.bakeMs === 0 || tally.total === 0) {
      pass.updateRing(r, { bakeStartedAt: pass.now, bakeEndsAt: pass.now });
      return true;
    }
    pass.updateRing(r, {
      status: 'BAKING',
      bakeStartedAt: pass.now,
      bakeEndsAt: pass.now + policy.bakeMs,
      bakePausedSince: metricsDown ? pass.now : undefined,
    });
    pass.emit('RING_BAKING', `ring ${policy.name} is healthy and baking for ${policy.bakeMs} ms`, {
      ring: policy.name,
      payload: { bakeEndsAt: pass.now + policy.bakeMs },
    });
    pass.wakeNoLaterThan(pass.now + policy.bakeMs);
    return false;
  }
  // BAKING: the clock stops while metrics are unreachable
  if (metricsDown) {
    if (ring.bakePausedSince === undefined) pass.updateRing(r, { bakePausedSince: pass.now });
    return false;
  }
  if (ring.bakePausedSince !== undefined) {
    const lost = pass.now - ring.bakePausedSince;
    pass.updateRing(r, {
      bakePausedSince: undefined,
      bakePausedMs: ring.bakePausedMs + lost,
      bakeEndsAt: (ring.bakeEndsAt ?? pass.now) + lost,
    });
    ring = pass.ring(r);
  }
  const endsAt = ring.bakeEndsAt ?? pass.now;
  if (pass.now < endsAt) {
    pass.wakeNoLaterThan(endsAt);
    return false;
  }
  // too little traffic (or too early) is INCONCLUSIVE, never a pass: the bake stays open until the telemetry decides
  if (obs.bakeUndecidedRings?.has(policy.name)) {
    pass.poll();
    return false;
  }
  return tally.unsettled === 0;
}

function completeTrain(pass: TrainPass): void {
  pass.updateTrain({ status: 'COMPLETED', finishedAt: pass.now });
  pass.emit('TRAIN_COMPLETED', `train ${pass.next.id} completed: release ${pass.next.releaseVersion} everywhere`);
}

/**
 * A HALTED train deploys nothing; it only keeps the canaries it aborted aborted (an abort lost to an unreachable
 * cluster or a crash is issued again) and looks again while some are unconfirmed.
 */
function keepAborted(pass: TrainPass, obs: Observations): void {
  const r = pass.next.currentRingIndex;
  if (r === undefined) return;
  for (const i of pass.byRing[r]) {
    const t = pass.target(i);
    if (!t.aborted) continue;
    const o = obs.unreachableClusters.has(t.cluster) ? undefined : obs.targets.get(t.environment);
    if (!o) {
      pass.poll();
    } else if (o.runsRelease && !o.aborted && o.phase !== 'Healthy') {
      pass.act({ type: 'abort', environment: t.environment, cluster: t.cluster });
      pass.poll();
    }
  }
}
