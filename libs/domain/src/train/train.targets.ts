import { countsTowardBudget } from '../policy/failure-budget.policy.js';
import type { AttributedPayload } from './train.actions.js';
import type { AttributionResult, FleetSpreadEvidence, Observations, TargetObservation } from './train.observations.js';
import { retryBackoffMs } from './train.options.js';
import type { TrainPass } from './train.pass.js';
import type { TargetState } from './train.state.js';

/** How a ring's targets stand after a pass over them. */
export interface RingTally {
  /** targets not yet settled: PENDING, DEPLOYING, RETRYING, or FAILED awaiting attribution */
  unsettled: number;
  /** FAILED targets whose cause counts toward the budget (RELEASE, UNKNOWN) */
  counted: number;
  /** targets still part of the train: all but EXCLUDED */
  total: number;
  /** deploys in flight (DEPLOYING) */
  inFlight: number;
  /** PENDING and due RETRYING targets that could be deployed, in state order */
  candidates: number[];
  /** the first verdict acted on this pass that says the fleet signal is met: the train halts at once */
  fleetHalt?: FleetHalt;
}

/** A verdict with `haltNow`, with the target it was given for. */
export interface FleetHalt {
  environment: string;
  signature: string;
  spread?: FleetSpreadEvidence;
}

function deployApplied(t: TargetState, o: TargetObservation): boolean {
  return o.runsRelease && (o.appliedAttempt === undefined || o.appliedAttempt >= t.attempts);
}

function failedNow(o: TargetObservation): boolean {
  return o.failure !== undefined || o.phase === 'Degraded';
}

/** FAILED, with TARGET_FAILED and a request for attribution. */
export function failTarget(pass: TrainPass, i: number, o: TargetObservation): void {
  const t = pass.target(i);
  const ring = pass.ringName(t.ringIndex);
  const signature = o.failure?.signature ?? o.phase;
  const message = o.failure?.message ?? `rollout ${o.phase}`;
  pass.updateTarget(i, {
    status: 'FAILED',
    failedAt: pass.now,
    failureSignature: signature,
    message,
    cause: undefined,
    nextAttemptAt: undefined,
  });
  pass.emit('TARGET_FAILED', `${t.environment} failed: ${message}`, {
    ring,
    environment: t.environment,
    payload: { signature, attempt: t.attempts, cluster: t.cluster },
  });
  requestAttribution(pass, i);
}

function requestAttribution(pass: TrainPass, i: number): void {
  const t = pass.target(i);
  pass.act({
    type: 'attribute',
    environment: t.environment,
    cluster: t.cluster,
    ring: pass.ringName(t.ringIndex),
    attempt: t.attempts,
    signature: t.failureSignature,
  });
}

/**
 * Acts on an attribution: CUSTOMER_CODE → EXCLUDED; TRANSIENT → RETRYING with backoff, or, once the retries are
 * used up, FAILED as UNKNOWN; RELEASE and UNKNOWN → FAILED with that cause (counted by the budget).
 */
export function applyAttribution(pass: TrainPass, i: number, a: AttributionResult): void {
  const t = pass.target(i);
  const ring = pass.ringName(t.ringIndex);
  const retriesLeft = t.attempts <= pass.options.maxTransientRetries;
  const effectiveCause = a.cause === 'TRANSIENT' && !retriesLeft ? 'UNKNOWN' : a.cause;
  const payload: AttributedPayload = {
    cause: a.cause,
    confidence: a.confidence,
    evidence: a.evidence,
    signature: a.signature ?? t.failureSignature,
    attempt: a.attempt,
    effectiveCause,
  };
  const by = a.overriddenBy ? ` (overridden by ${a.overriddenBy})` : '';
  pass.emit('ATTRIBUTED', `${t.environment}: failure attributed to ${a.cause}${by}`, {
    ring,
    environment: t.environment,
    payload: { ...payload },
  });
  if (a.cause === 'CUSTOMER_CODE') {
    pass.updateTarget(i, {
      status: 'EXCLUDED',
      cause: 'CUSTOMER_CODE',
      message: 'excluded: the failure is in customer code',
    });
    pass.emit('TARGET_EXCLUDED', `${t.environment} excluded from the train: customer code`, {
      ring,
      environment: t.environment,
      payload: { reason: 'CUSTOMER_CODE', tenant: t.tenant },
    });
  } else if (a.cause === 'TRANSIENT' && retriesLeft) {
    const nextAttemptAt = pass.now + retryBackoffMs(t.attempts, pass.options);
    pass.updateTarget(i, {
      status: 'RETRYING',
      cause: 'TRANSIENT',
      nextAttemptAt,
      message: 'transient failure: retrying',
    });
    pass.emit(
      'TARGET_RETRYING',
      `${t.environment}: transient failure, retry ${t.attempts} of ${pass.options.maxTransientRetries}`,
      {
        ring,
        environment: t.environment,
        payload: { nextAttemptAt, attempt: t.attempts },
      },
    );
    pass.wakeNoLaterThan(nextAttemptAt);
  } else {
    const message =
      effectiveCause === a.cause
        ? `failure attributed to ${a.cause}`
        : `transient failure did not clear after ${pass.options.maxTransientRetries} retries: counted as UNKNOWN`;
    pass.updateTarget(i, { status: 'FAILED', cause: effectiveCause, message, nextAttemptAt: undefined });
  }
}

/** A newer verdict a release manager gave on an already judged failure (overrideAttribution). */
function overrides(pass: TrainPass, t: TargetState, a: AttributionResult | undefined): a is AttributionResult {
  if (!a || !a.overriddenBy || a.attempt !== t.attempts || a.cause === t.cause) return false;
  // TRANSIENT acted on as UNKNOWN after its retries is the same verdict, not a new one
  return !(a.cause === 'TRANSIENT' && t.cause === 'UNKNOWN' && t.attempts > pass.options.maxTransientRetries);
}

/**
 * Acts on release managers' overrides of ring r's judged failures, and on nothing else: a HALTED train moves no
 * target, but an override given while it is halted must be in its state before a resume accepts the ring's counted
 * failures (a failure overridden to CUSTOMER_CODE is then no longer one of them).
 */
export function applyOverrides(pass: TrainPass, r: number, obs: Observations): void {
  for (const i of pass.byRing[r] ?? []) {
    const t = pass.target(i);
    const judged =
      (t.status === 'FAILED' && t.cause !== undefined) || (t.status === 'EXCLUDED' && t.cause === 'CUSTOMER_CODE');
    const a = obs.attributions.get(t.environment);
    if (judged && overrides(pass, t, a)) applyAttribution(pass, i, a);
  }
}

/** Issues (or re-issues) the deploy of target i and marks it DEPLOYING. */
export function deployTarget(pass: TrainPass, i: number, obs: Observations): void {
  const t = pass.target(i);
  const o = obs.targets.get(t.environment);
  // the release is already in the spec (an earlier train, or a crash after the write): no write needed
  const alreadyApplied = t.attempts === 0 && o !== undefined && o.runsRelease && !o.aborted;
  const attempt = t.attempts + 1;
  pass.updateTarget(i, {
    status: 'DEPLOYING',
    attempts: attempt,
    nextAttemptAt: undefined,
    cause: undefined,
    failureSignature: undefined,
    message: undefined,
    aborted: undefined,
    previousImages: t.previousImages ?? o?.previousImages,
  });
  if (!alreadyApplied) {
    pass.act({ type: 'deploy', environment: t.environment, cluster: t.cluster, attempt, retry: attempt > 1 });
  }
}

/**
 * Observes and moves the targets of the ring being deployed or baked, and tallies them. Deploys nothing new:
 * that is the caller's job once it knows the budget holds (see `deployWave`).
 */
export function observeRing(pass: TrainPass, r: number, obs: Observations): RingTally {
  const tally: RingTally = { unsettled: 0, counted: 0, total: 0, inFlight: 0, candidates: [] };
  for (const i of pass.byRing[r]) {
    const t = pass.target(i);
    const reachable = !obs.unreachableClusters.has(t.cluster);
    const o = reachable ? obs.targets.get(t.environment) : undefined;
    if (o?.previousImages && !t.previousImages && t.attempts > 0)
      pass.updateTarget(i, { previousImages: o.previousImages });
    switch (t.status) {
      case 'DEPLOYING':
        if (!o) break;
        if (!deployApplied(t, o)) {
          pass.act({
            type: 'deploy',
            environment: t.environment,
            cluster: t.cluster,
            attempt: t.attempts,
            retry: t.attempts > 1,
          });
        } else if (failedNow(o)) {
          failTarget(pass, i, o);
        } else if (o.phase === 'Healthy') {
          pass.updateTarget(i, { status: 'HEALTHY', deployedAt: pass.now, message: undefined });
        } else if (o.phase === 'Paused' && !o.pauseEndsByItself) {
          pass.act({ type: 'promote', environment: t.environment, cluster: t.cluster });
        }
        break;
      case 'HEALTHY':
        // a target that degrades while its ring is still deploying or baking fails like any other
        if (o && o.runsRelease && failedNow(o)) failTarget(pass, i, o);
        break;
      case 'FAILED': {
        const a = obs.attributions.get(t.environment);
        if (t.cause === undefined) {
          if (a && a.attempt === t.attempts) actOnVerdict(pass, i, a, tally);
          else requestAttribution(pass, i);
        } else if (overrides(pass, t, a)) {
          actOnVerdict(pass, i, a, tally);
        }
        break;
      }
      case 'EXCLUDED': {
        const a = obs.attributions.get(t.environment);
        if (t.cause === 'CUSTOMER_CODE' && overrides(pass, t, a)) actOnVerdict(pass, i, a, tally);
        break;
      }
      default:
        break;
    }
    tallyTarget(pass, pass.target(i), i, tally);
  }
  return tally;
}

/** Applies a verdict to target i and keeps the first `haltNow` of the pass for the caller to halt on. */
function actOnVerdict(pass: TrainPass, i: number, a: AttributionResult, tally: RingTally): void {
  const t = pass.target(i);
  applyAttribution(pass, i, a);
  if (a.haltNow && !tally.fleetHalt) {
    tally.fleetHalt = {
      environment: t.environment,
      signature: a.fleetSpread?.signature ?? a.signature ?? t.failureSignature ?? 'unknown',
      spread: a.fleetSpread,
    };
  }
}

function tallyTarget(pass: TrainPass, t: TargetState, i: number, tally: RingTally): void {
  if (t.status === 'EXCLUDED') return;
  tally.total++;
  switch (t.status) {
    case 'HEALTHY':
      return;
    case 'FAILED':
      if (t.cause === undefined) tally.unsettled++;
      else if (countsTowardBudget(t.cause)) tally.counted++;
      return;
    case 'DEPLOYING':
      tally.unsettled++;
      tally.inFlight++;
      return;
    case 'PENDING':
      tally.unsettled++;
      tally.candidates.push(i);
      return;
    case 'RETRYING':
      tally.unsettled++;
      if (t.nextAttemptAt === undefined || t.nextAttemptAt <= pass.now) tally.candidates.push(i);
      else pass.wakeNoLaterThan(t.nextAttemptAt);
      return;
    default:
      // ROLLED_BACK / ROLLBACK_UNSAFE do not occur in a ring moving forward
      return;
  }
}

/** Deploys candidates while fewer than maxParallel deploys of the ring are in flight; skips unreachable clusters. */
export function deployWave(pass: TrainPass, r: number, tally: RingTally, obs: Observations): void {
  let slots = pass.next.plan.rings[r].maxParallel - tally.inFlight;
  for (const i of tally.candidates) {
    if (slots <= 0) return;
    if (obs.unreachableClusters.has(pass.target(i).cluster)) continue;
    deployTarget(pass, i, obs);
    slots--;
  }
}
