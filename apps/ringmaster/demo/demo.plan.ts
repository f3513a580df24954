// What the demo asks Ringmaster to do, as the GraphQL inputs a release manager would send.

export const RING_PLAN = 'weekly';

/** The components every demo environment runs (`ringmaster.io/component`). */
export const COMPONENTS = ['author', 'publish'];

/** A release that is fine, and one that crash-loops `publish` (the scenario's `bad-release` fault matches it). */
export const GOOD_RELEASE = { version: '2026.49.0', notes: 'weekly platform release' };
export const BAD_RELEASE = { version: '2026.49.1', notes: 'hotfix: publish cache settings (crash-loops publish)' };

/** The ring the demo approves itself when the train waits at its manual gate. */
export const MANUAL_RING = 'cohort';

/**
 * internal → one region → a customer cohort → everyone, with short bakes so the demo takes a couple of minutes.
 * Rings partition the fleet: an environment belongs to the first ring whose selector matches it.
 */
export const RING_PLAN_INPUT = {
  name: RING_PLAN,
  autoRollback: true,
  rings: [
    {
      name: 'internal',
      kind: 'INTERNAL',
      selector: 'cohort=internal',
      maxParallel: 10,
      bake: '5s',
      failureBudget: { maxFailures: 0 },
      gate: 'AUTO',
    },
    {
      name: 'eu',
      kind: 'REGION',
      selector: 'region=eu',
      maxParallel: 50,
      bake: '5s',
      failureBudget: { maxFailurePercent: 2 },
      gate: 'AUTO',
    },
    {
      name: MANUAL_RING,
      kind: 'COHORT',
      selector: 'cohort=early',
      maxParallel: 40,
      bake: '5s',
      failureBudget: { maxFailurePercent: 5 },
      gate: 'MANUAL',
    },
    {
      name: 'everyone',
      kind: 'ALL',
      selector: '',
      maxParallel: 80,
      bake: '5s',
      failureBudget: { maxFailurePercent: 2 },
      gate: 'AUTO',
    },
  ],
};

/** createRelease's input for a version: each component's image, as the scenario's imageTemplate names them. */
export function releaseInput(release: { version: string; notes: string }) {
  return {
    version: release.version,
    notes: release.notes,
    components: COMPONENTS.map((name) => ({ name, image: `cms/${name}:${release.version}` })),
  };
}
