import type { Cause } from '@ringmaster/domain';
import type { FleetScenario } from '@ringmaster/fleet-sim';

/** What should come of one environment of a scenario: the judged cause of its failure, or no failure at all. */
export type Expected = Cause | 'NO_FAILURE';
export const EXPECTED_CLASSES: readonly Expected[] = ['RELEASE', 'CUSTOMER_CODE', 'TRANSIENT', 'UNKNOWN', 'NO_FAILURE'];

/**
 * A labelled fleet-sim scenario: the fleet and its faults, the release a train deploys to `targets` (the platform
 * version's tag replaced by `release` in every component's image), and the expected outcome per target (targets not
 * listed expect NO_FAILURE).
 */
export interface CorpusScenario {
  name: string;
  fleet: FleetScenario;
  release: string;
  targets: readonly string[];
  expected: Readonly<Record<string, Expected>>;
}
