import type { Cause } from '@ringmaster/domain';
import type { FleetScenario } from '@ringmaster/fleet-sim';

/** What should come of one environment of a scenario: the judged cause of its failure, or no failure at all. */
export type Expected = Cause | 'NO_FAILURE';
export const EXPECTED_CLASSES: readonly Expected[] = ['RELEASE', 'CUSTOMER_CODE', 'TRANSIENT', 'UNKNOWN', 'NO_FAILURE'];

/**
 * A labelled fleet-sim scenario: the fleet and its faults, the release a train deploys to `targets` (the platform
 * version's tag replaced by `release` in every component's image), and the expected outcome per target (targets not
 * listed expect NO_FAILURE). A scenario whose expected outcomes hold a RELEASE is a bad release (the train must halt);
 * any other is a good one (a halt is a false halt).
 */
export interface CorpusScenario {
  name: string;
  fleet: FleetScenario;
  release: string;
  targets: readonly string[];
  expected: Readonly<Record<string, Expected>>;
  /** the train first touches the targets this long (ms) after the fleet starts; default at once */
  deployAfterMs?: number;
  /**
   * engine mode: the train is meant to wait for good (why, in a few words): reaching no final status in time is then
   * "held, as intended", not a failure to progress
   */
  engineHolds?: string;
  /** targets whose rollback, once the train touched them, must be reported ROLLBACK_UNSAFE (what the previous revision needs is gone) */
  rollbackUnsafe?: readonly string[];
}

/** A bad release: some target's failure is the release's. */
export function isBadRelease(scenario: CorpusScenario): boolean {
  return Object.values(scenario.expected).includes('RELEASE');
}
