import type { Cause } from '../common/domain.enums.js';
import {
  DEFAULT_ATTRIBUTION_POLICY,
  type Attribution,
  type AttributionInput,
  type AttributionPolicy,
  type ReleaseWindow,
} from './attribution.model.js';
import {
  SIGNATURE_DESCRIPTIONS,
  classifySignature,
  isInfrastructureSignature,
  type FailureSignature,
} from './failure-signature.classifier.js';
import { fleetSpread, spreadOf, type SignatureSpread } from './fleet-spread.calculator.js';

// Confidences of the rules; a cause backed by several signals combines them (1 − Π(1 − c)).
const CONFIDENCE = {
  infrastructure: 0.9,
  registryOutage: 0.85,
  pulledElsewhere: 0.75,
  fleetHalt: 0.95,
  clearedOnRetry: 0.8,
  stableFailingSameWay: 0.85,
  beganBeforeTrain: 0.85,
  customerChange: 0.7,
  severalTenants: 0.8,
  onlyTheRelease: 0.6,
  conflictPenalty: 0.15,
  unknown: 0.5,
} as const;
const MAX_CONFIDENCE = 0.99;
const PERCENT = 100;
const MINUTE_MS = 60_000;

/** How one signature fares on the new release against the old one. */
interface SpreadSignal {
  spread: SignatureSpread;
  /** the same spread without this target's tenant */
  others: SignatureSpread;
  newRate: number;
  oldRate: number;
  wellAboveOld: boolean;
  sentence: string;
}

/**
 * Judges why one target failed: RELEASE, CUSTOMER_CODE, TRANSIENT or UNKNOWN, with a confidence and one evidence
 * sentence per signal that fired. The rules, in order:
 *
 * 1. an infrastructure signature (API or node unavailable, analysis provider / metrics unreachable), an image pull
 *    failure the old release shows too (a registry outage), or an image pull failure confined to this target's cluster
 *    while the same release runs in other clusters (the images exist: this cluster cannot reach the registry)
 *    → TRANSIENT;
 * 2. the same signature in ≥ 3 tenants across ≥ 2 clusters at a rate well above the old release's → RELEASE with high
 *    confidence and `haltNow` — even if this tenant also changed its code; only direct evidence on this target (its
 *    stable pods failing the same way, or a failure that began before the train touched it) makes it CUSTOMER_CODE,
 *    and `haltNow` then still holds if the other tenants alone meet the fleet signal;
 * 3. cleared on retry → TRANSIENT;
 * 4. CUSTOMER_CODE only on positive evidence: stable failing the same way, a failure that began before the train
 *    touched the environment, or a customer-revision change shortly before the failure. A revision change alone,
 *    against the same signature in several tenants, is a conflict → UNKNOWN;
 * 5. the same signature in several tenants, above the old release's rate, with this tenant's code unchanged → RELEASE;
 * 6. only the release changed: the stable version of this environment observed healthy when the train touched it and
 *    healthy now, the customer code unchanged, and the release's failure rate (if known) well above the old one's
 *    → RELEASE with moderate confidence (the canary-versus-stable differential of one environment; no `haltNow`);
 * 7. nothing conclusive → UNKNOWN (which counts toward the budget: fail safe).
 */
export function attribute(
  input: AttributionInput,
  policy: AttributionPolicy = DEFAULT_ATTRIBUTION_POLICY,
): Attribution {
  const signature = classifySignature(input.signature);
  const evidence: string[] = [signatureSentence(input.signature, signature)];
  const customerChangeMs = customerChangeBefore(input, policy);
  const brokenByTrain = input.fleet && stableBrokenByTrain(input, signature, input.fleet, customerChangeMs, policy);
  // stable pods the train broke are no baseline of the old release: the new release is judged against none failing
  const fleet = brokenByTrain
    ? { ...input.fleet!, oldRelease: { ...input.fleet!.oldRelease, failures: [] } }
    : input.fleet;
  const spread = fleet ? spreadSignal(input, signature, fleet, policy) : undefined;
  if (spread) evidence.push(spread.sentence);

  const stableSame = input.stableFailingSameWay === true && !brokenByTrain;
  if (input.stableFailingSameWay !== undefined) {
    evidence.push(
      input.stableFailingSameWay
        ? 'Baseline: the stable version in this environment fails the same way.'
        : 'Baseline: the stable version in this environment is healthy.',
    );
  }
  if (brokenByTrain) {
    evidence.push(
      `Time: the stable versions of ${count(brokenByTrain.tenants, 'tenant')} across ` +
        `${count(brokenByTrain.clusters, 'cluster')} were healthy when this train touched them and fail only since: ` +
        'the train broke them (say, the upgrade removed something they need), no evidence against customer code.',
    );
  }
  if (customerChangeMs !== undefined) {
    evidence.push(
      `Customer change: the customer-code revision changed ${minutes(customerChangeMs)} before the failure.`,
    );
  }
  const beganBeforeMs = beganBeforeTrain(input);
  if (beganBeforeMs !== undefined) {
    evidence.push(`Time: the failure began ${minutes(beganBeforeMs)} before this train touched the environment.`);
  }
  if (input.clearedOnRetry !== undefined) {
    evidence.push(
      input.clearedOnRetry ? 'Retry: the failure cleared on retry.' : 'Retry: the failure persisted after a retry.',
    );
  }

  const result = (cause: Cause, confidence: number, haltSpread?: SignatureSpread): Attribution => ({
    cause,
    confidence: round(Math.min(confidence, MAX_CONFIDENCE)),
    evidence,
    signature,
    haltNow: haltSpread !== undefined,
    ...(haltSpread ? { haltSpread } : {}),
  });

  if (isInfrastructureSignature(signature)) return result('TRANSIENT', CONFIDENCE.infrastructure);
  if (signature === 'IMAGE_PULL' && spread && spread.oldRate > 0 && !spread.wellAboveOld) {
    evidence.push('The old release fails to pull images too: a registry outage, not the release.');
    return result('TRANSIENT', CONFIDENCE.registryOutage);
  }
  const pulledIn = signature === 'IMAGE_PULL' && spread ? clustersPullingElsewhere(input, spread, input.fleet!) : [];
  if (pulledIn.length > 0) {
    evidence.push(
      `The new release runs in ${count(pulledIn, 'other cluster')} that pull the same images: this cluster's ` +
        'access to the registry, not the release.',
    );
    return result('TRANSIENT', CONFIDENCE.pulledElsewhere);
  }

  const directCustomer = [
    stableSame ? CONFIDENCE.stableFailingSameWay : 0,
    beganBeforeMs !== undefined ? CONFIDENCE.beganBeforeTrain : 0,
  ].filter((c) => c > 0);
  const fleetHalt = spread !== undefined && meetsHalt(spread.spread, spread, policy);
  if (fleetHalt) {
    if (directCustomer.length === 0) return result('RELEASE', CONFIDENCE.fleetHalt, spread.spread);
    const othersHalt = meetsHalt(spread.others, spread, policy);
    return result(
      'CUSTOMER_CODE',
      combine(directCustomer) - CONFIDENCE.conflictPenalty,
      othersHalt ? spread.others : undefined,
    );
  }

  if (input.clearedOnRetry === true) return result('TRANSIENT', CONFIDENCE.clearedOnRetry);

  const severalTenants =
    spread !== undefined && spread.wellAboveOld && spread.spread.tenants.length >= policy.severalTenants;
  const customer = [...directCustomer, customerChangeMs !== undefined ? CONFIDENCE.customerChange : 0].filter(
    (c) => c > 0,
  );
  if (customer.length > 0) {
    if (severalTenants && directCustomer.length === 0) {
      evidence.push('Conflict: the customer changed its code, but other tenants fail the same way on the new release.');
      return result('UNKNOWN', CONFIDENCE.unknown);
    }
    return result('CUSTOMER_CODE', combine(customer) - (severalTenants ? CONFIDENCE.conflictPenalty : 0));
  }
  if (severalTenants) return result('RELEASE', CONFIDENCE.severalTenants);
  if (onlyTheReleaseChanged(input, spread)) {
    evidence.push(
      'Only the release changed: the stable version here was healthy when the train touched it and still is, ' +
        'and the customer code did not change.',
    );
    return result('RELEASE', CONFIDENCE.onlyTheRelease);
  }
  return result('UNKNOWN', CONFIDENCE.unknown);
}

/**
 * This target's stable pods were healthy when the train touched the environment and fail the same way now, with no
 * customer change, and so do the stable pods of the fleet signal's worth of tenants across clusters: stable failing
 * only after the train arrived, fleet-wide, is the train's doing (an upgrade that deleted a Secret the old pods
 * need), not the customer's. Answers the old release's failing spread then; undefined otherwise.
 */
function stableBrokenByTrain(
  input: AttributionInput,
  signature: FailureSignature,
  fleet: { oldRelease: ReleaseWindow },
  customerChangeMs: number | undefined,
  policy: AttributionPolicy,
): SignatureSpread | undefined {
  if (input.stableFailingSameWay !== true || input.stableHealthyWhenTouched !== true) return undefined;
  if (customerChangeMs !== undefined) return undefined;
  const old = spreadOf(fleetSpread(fleet.oldRelease.failures), signature);
  const fleetWide = old.tenants.length >= policy.haltMinTenants && old.clusters.length >= policy.haltMinClusters;
  return fleetWide ? old : undefined;
}

/**
 * The stable version of this environment was observed healthy both when the train touched it and now, and the new
 * release fails well above the old one's rate (when the fleet is known): the release is the one thing that changed.
 * Called once no customer evidence fired.
 */
function onlyTheReleaseChanged(input: AttributionInput, spread: SpreadSignal | undefined): boolean {
  const stableHealthy = input.stableFailingSameWay === false && input.stableHealthyWhenTouched === true;
  return stableHealthy && input.clearedOnRetry !== true && (spread === undefined || spread.wellAboveOld);
}

/** Clusters other than this target's running the new release, when every image pull failure is in this cluster. */
function clustersPullingElsewhere(
  input: AttributionInput,
  signal: SpreadSignal,
  fleet: { newRelease: ReleaseWindow },
): string[] {
  const failing = signal.spread.clusters;
  if (failing.length !== 1 || failing[0] !== input.cluster) return [];
  return [...new Set(fleet.newRelease.exposedClusters ?? [])].filter((c) => c !== input.cluster).sort();
}

function meetsHalt(spread: SignatureSpread, signal: SpreadSignal, policy: AttributionPolicy): boolean {
  return (
    signal.wellAboveOld &&
    spread.tenants.length >= policy.haltMinTenants &&
    spread.clusters.length >= policy.haltMinClusters
  );
}

function spreadSignal(
  input: AttributionInput,
  signature: FailureSignature,
  fleet: { newRelease: ReleaseWindow; oldRelease: ReleaseWindow },
  policy: AttributionPolicy,
): SpreadSignal {
  const spread = spreadOf(fleetSpread(fleet.newRelease.failures), signature);
  const others = spreadOf(fleetSpread(fleet.newRelease.failures.filter((f) => f.tenant !== input.tenant)), signature);
  const old = spreadOf(fleetSpread(fleet.oldRelease.failures), signature);
  const newRate = rate(spread.targets, fleet.newRelease.exposedTargets);
  const oldRate = rate(old.targets, fleet.oldRelease.exposedTargets);
  const wellAboveOld = newRate > 0 && newRate >= oldRate * policy.minRateRatio;
  const sentence =
    `Spread: ${spread.targets} target(s) in ${count(spread.tenants, 'tenant')} across ` +
    `${count(spread.clusters, 'cluster')} fail this way on the new release (${percent(newRate)} of ` +
    `${fleet.newRelease.exposedTargets}), against ${percent(oldRate)} of ${fleet.oldRelease.exposedTargets} on the ` +
    `old release in the same window${wellAboveOld ? '' : ' — not well above it'}.`;
  return { spread, others, newRate, oldRate, wellAboveOld, sentence };
}

/** failing / exposed; a window that reports no exposure counts its failures as the whole population. */
function rate(failing: number, exposed: number): number {
  if (failing === 0) return 0;
  return failing / Math.max(exposed, failing);
}

function customerChangeBefore(input: AttributionInput, policy: AttributionPolicy): number | undefined {
  if (!input.customerRevisionChangedAt) return undefined;
  const failureStart = input.failureBeganAt ?? input.failedAt;
  const before = failureStart.getTime() - input.customerRevisionChangedAt.getTime();
  return before >= 0 && before <= policy.customerChangeWindowMs ? before : undefined;
}

function beganBeforeTrain(input: AttributionInput): number | undefined {
  if (!input.trainTouchedAt) return undefined;
  const began = (input.failureBeganAt ?? input.failedAt).getTime();
  const before = input.trainTouchedAt.getTime() - began;
  return before > 0 ? before : undefined;
}

function signatureSentence(raw: string, signature: FailureSignature): string {
  const shown = raw.trim() === signature ? '' : ` (${raw.trim()})`;
  const infra = isInfrastructureSignature(signature) ? ', a signature of the infrastructure, not of any code' : '';
  return `Signature: ${SIGNATURE_DESCRIPTIONS[signature]}${shown}${infra}.`;
}

function combine(confidences: number[]): number {
  return 1 - confidences.reduce((product, c) => product * (1 - c), 1);
}

function round(value: number): number {
  return Math.round(value * PERCENT) / PERCENT;
}

function percent(ratio: number): string {
  return `${(ratio * PERCENT).toFixed(1)}%`;
}

function count(names: string[], noun: string): string {
  return `${names.length} ${noun}${names.length === 1 ? '' : 's'}`;
}

function minutes(ms: number): string {
  return `${Math.round(ms / MINUTE_MS)} min`;
}
