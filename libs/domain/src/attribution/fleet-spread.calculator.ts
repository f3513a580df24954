import { classifySignature, type FailureSignature } from './failure-signature.classifier.js';

/** One failing target of the fleet within the attribution window. */
export interface FleetFailure {
  environment: string;
  tenant: string;
  cluster: string;
  /** a raw reason or a normal signature; normalised with `classifySignature` */
  signature: string;
}

/** How far one signature has spread over the fleet. */
export interface SignatureSpread {
  signature: FailureSignature;
  /** distinct failing environments */
  targets: number;
  /** distinct tenants and clusters, sorted */
  tenants: string[];
  clusters: string[];
}

/**
 * Groups failures by normal signature and counts distinct environments, tenants and clusters for each. A target that
 * reports the same signature twice counts once.
 */
export function fleetSpread(failures: readonly FleetFailure[]): ReadonlyMap<FailureSignature, SignatureSpread> {
  const groups = new Map<FailureSignature, { targets: Set<string>; tenants: Set<string>; clusters: Set<string> }>();
  for (const failure of failures) {
    const signature = classifySignature(failure.signature);
    let group = groups.get(signature);
    if (!group) {
      group = { targets: new Set(), tenants: new Set(), clusters: new Set() };
      groups.set(signature, group);
    }
    group.targets.add(failure.environment);
    group.tenants.add(failure.tenant);
    group.clusters.add(failure.cluster);
  }
  const spread = new Map<FailureSignature, SignatureSpread>();
  for (const [signature, group] of groups) {
    spread.set(signature, {
      signature,
      targets: group.targets.size,
      tenants: [...group.tenants].sort(),
      clusters: [...group.clusters].sort(),
    });
  }
  return spread;
}

/** The spread of one signature, empty when nothing fails that way. */
export function spreadOf(
  spread: ReadonlyMap<FailureSignature, SignatureSpread>,
  signature: FailureSignature,
): SignatureSpread {
  return spread.get(signature) ?? { signature, targets: 0, tenants: [], clusters: [] };
}
