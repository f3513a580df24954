import type { FleetHalt } from './train.targets.js';

/** Names listed in a halt reason before the rest are only counted. */
export const HALT_REASON_MAX_NAMES = 5;

/**
 * The halt reason of a train stopped at once by the fleet signal, e.g. "fleet spread in ring cohort: CRASH_LOOP in
 * 3 tenants (acme, globex, initech) across 2 clusters (eu-1, us-1) on the new release, first judged on acme-prod;
 * halted at once with 1 of 6 targets failed".
 */
export function fleetHaltReason(ring: string, halt: FleetHalt, counted: number, total: number): string {
  const where = halt.spread
    ? `${halt.spread.signature} in ${listed(halt.spread.tenants, 'tenant')} across ` +
      `${listed(halt.spread.clusters, 'cluster')} on the new release`
    : `${halt.signature} spread over the fleet on the new release`;
  return (
    `fleet spread in ring ${ring}: ${where}, first judged on ${halt.environment}; ` +
    `halted at once with ${counted} of ${total} targets failed`
  );
}

/** The TRAIN_HALTED payload of a fleet-spread halt. */
export function fleetHaltPayload(halt: FleetHalt): Record<string, unknown> {
  return {
    reason: 'FLEET_SPREAD',
    environment: halt.environment,
    signature: halt.spread?.signature ?? halt.signature,
    tenants: halt.spread?.tenants ?? [],
    clusters: halt.spread?.clusters ?? [],
  };
}

function listed(names: readonly string[], noun: string): string {
  const shown = names.slice(0, HALT_REASON_MAX_NAMES).join(', ');
  const more = names.length > HALT_REASON_MAX_NAMES ? `, +${names.length - HALT_REASON_MAX_NAMES} more` : '';
  return `${names.length} ${noun}${names.length === 1 ? '' : 's'} (${shown}${more})`;
}
