import { type Labels, matchesSelector } from '../common/label-selector.matcher.js';
import { parseLabelSelector } from '../common/label-selector.parser.js';
import type { RingPlan } from './ring-plan.model.js';

/** What ring assignment needs of an environment: its unique name and its selector labels (API.md). */
export interface EnvironmentForAssignment {
  name: string;
  labels: Labels;
}

/** Environments of one ring, in the order they were given. */
export interface RingAssignment<E extends EnvironmentForAssignment = EnvironmentForAssignment> {
  ring: string;
  ringIndex: number;
  environments: E[];
}

/** The plan's partition of the environments; those no ring selects are reported, not deployed. */
export interface RingAssignments<E extends EnvironmentForAssignment = EnvironmentForAssignment> {
  /** one entry per ring of the plan, in plan order, possibly with no environments */
  rings: RingAssignment<E>[];
  unassigned: E[];
}

/**
 * Assigns each environment to the FIRST ring of the plan whose selector matches its labels, so rings partition the
 * fleet; environments no ring matches go to `unassigned`. O(environments × rings); selectors are parsed once.
 * Throws BAD_USER_INPUT for a bad selector (a validated plan has none).
 */
export function assignRings<E extends EnvironmentForAssignment>(
  plan: RingPlan,
  environments: readonly E[],
): RingAssignments<E> {
  const selectors = plan.rings.map((ring, i) => parseLabelSelector(ring.selector, `rings[${i}].selector`));
  const rings: RingAssignment<E>[] = plan.rings.map((ring, ringIndex) => ({
    ring: ring.name,
    ringIndex,
    environments: [],
  }));
  const unassigned: E[] = [];
  for (const environment of environments) {
    const index = selectors.findIndex((selector) => matchesSelector(selector, environment.labels));
    if (index >= 0) rings[index].environments.push(environment);
    else unassigned.push(environment);
  }
  return { rings, unassigned };
}
