import type { Cause } from '../common/domain.enums.js';
import type { FailureSignature } from './failure-signature.classifier.js';
import type { FleetFailure, SignatureSpread } from './fleet-spread.calculator.js';

/** What the fleet did on one release within the attribution window. */
export interface ReleaseWindow {
  /** targets running this release in the window (the denominator of its failure rate) */
  exposedTargets: number;
  /** the failing ones, every signature */
  failures: readonly FleetFailure[];
  /** the clusters those exposed targets are in, when known (an image that pulls in one cluster pulls in any) */
  exposedClusters?: readonly string[];
}

/** Everything known about one failed target. Optional signals that are absent simply do not fire. */
export interface AttributionInput {
  environment: string;
  tenant: string;
  cluster: string;
  /** the failure's raw reason or normal signature (`CrashLoopBackOff`, `ERROR_RATE_REGRESSION`, ...) */
  signature: string;
  /** when the failure was first seen on the new release */
  failedAt: Date;
  /** when this failure began in the environment, if telemetry shows it earlier than `failedAt` */
  failureBeganAt?: Date;
  /** when this train first changed the environment */
  trainTouchedAt?: Date;
  /** the latest change of the environment's customer-code revision (`ringmaster.io/customer-revision`) */
  customerRevisionChangedAt?: Date;
  /** baseline: the stable (old) pods of this environment fail the same way; undefined when not observed */
  stableFailingSameWay?: boolean;
  /**
   * time of the baseline: the stable pods were seen healthy when this train touched the environment (false: already
   * failing then; undefined when not observed)
   */
  stableHealthyWhenTouched?: boolean;
  /** retry: the failure cleared when the target was retried; undefined when not retried yet */
  clearedOnRetry?: boolean;
  /** spread: the fleet on the new and on the old release in the same window */
  fleet?: { newRelease: ReleaseWindow; oldRelease: ReleaseWindow };
}

/** The thresholds of the attribution rules. */
export interface AttributionPolicy {
  /** a customer-revision change this long before the failure counts as customer change */
  customerChangeWindowMs: number;
  /** the fleet signal that halts a train: this many distinct tenants ... */
  haltMinTenants: number;
  /** ... across this many clusters ... */
  haltMinClusters: number;
  /** ... failing at a rate at least this many times the old release's in the same window */
  minRateRatio: number;
  /** tenants with the same signature that make a release breaking unchanged customer code a RELEASE fault */
  severalTenants: number;
}

const MINUTE_MS = 60_000;
export const DEFAULT_CUSTOMER_CHANGE_WINDOW_MS = 30 * MINUTE_MS;
export const DEFAULT_HALT_MIN_TENANTS = 3;
export const DEFAULT_HALT_MIN_CLUSTERS = 2;
export const DEFAULT_MIN_RATE_RATIO = 3;
export const DEFAULT_SEVERAL_TENANTS = 2;

export const DEFAULT_ATTRIBUTION_POLICY: Readonly<AttributionPolicy> = Object.freeze({
  customerChangeWindowMs: DEFAULT_CUSTOMER_CHANGE_WINDOW_MS,
  haltMinTenants: DEFAULT_HALT_MIN_TENANTS,
  haltMinClusters: DEFAULT_HALT_MIN_CLUSTERS,
  minRateRatio: DEFAULT_MIN_RATE_RATIO,
  severalTenants: DEFAULT_SEVERAL_TENANTS,
});

/** A release manager's override of a judged cause. */
export interface AttributionOverride {
  cause: Cause;
  /** who overrode (a user or token name) */
  actor: string;
  /** why */
  note: string;
  /** when, from the caller's clock */
  at?: Date;
}

/** The judged cause of one target's failure. */
export interface Attribution {
  cause: Cause;
  /** 0..1: how strongly the signals support the cause */
  confidence: number;
  /** one human sentence per signal that fired */
  evidence: string[];
  /** the normal failure signature */
  signature: FailureSignature;
  /**
   * the fleet signal is met (the same signature in ≥ haltMinTenants tenants across ≥ haltMinClusters clusters at a rate
   * well above the old release's): the train must halt at once, without waiting for the ring's budget
   */
  haltNow: boolean;
  /** with `haltNow`: the spread that met the fleet signal (without this target's tenant when it is CUSTOMER_CODE) */
  haltSpread?: SignatureSpread;
  /** what the rules judged, kept when a release manager overrides */
  judged?: { cause: Cause; confidence: number; haltNow: boolean };
  /** the latest override, with who and why */
  override?: AttributionOverride;
}
