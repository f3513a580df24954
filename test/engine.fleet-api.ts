import type { FleetSim } from '@ringmaster/fleet-sim';
import type { GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';

// What the engine e2e tests do over the service's GraphQL API: register fleet-sim's clusters, define releases and
// ring plans, start trains and wait for them; and what they read back from fleet-sim.

export const TRAIN_FIELDS = `id status currentRing haltReason
  rings { name status targetCounts { total pending deploying healthy failed excluded rolledBack } }`;

export interface TrainView {
  id: string;
  status: string;
  currentRing: string | null;
  haltReason: string | null;
  rings: { name: string; status: string; targetCounts: Record<string, number> }[];
}

/** A ring of a test plan: the engine's e2e plans differ only in names and selectors. */
export interface TestRing {
  name: string;
  selector: string;
  maxParallel?: number;
}

async function must<T>(call: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> {
  const result = await call;
  if (result.errors?.length || !result.data) throw new Error(`GraphQL: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** Registers every fleet-sim cluster (inline kubeconfig) and discovers its environments. */
export async function registerFleet(admin: GraphQLClient, sim: FleetSim): Promise<void> {
  for (const cluster of sim.clusters) {
    await must(
      admin(`mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { name } }`, {
        input: { name: cluster.name, region: cluster.region, kubeconfig: cluster.kubeconfig },
      }),
    );
    const found = await must(
      admin<{ discoverEnvironments: { ok: boolean } }>(
        `mutation($c: String!) { discoverEnvironments(cluster: $c) { ok } }`,
        { c: cluster.name },
      ),
    );
    if (!found.discoverEnvironments.ok) throw new Error(`discovery of ${cluster.name} failed`);
  }
}

/** A release setting each component to `cms/<component>:<version>`. */
export async function createRelease(client: GraphQLClient, version: string, components: string[]): Promise<void> {
  await must(
    client(`mutation($input: CreateReleaseInput!) { createRelease(input: $input) { version } }`, {
      input: { version, components: components.map((c) => ({ name: c, image: releaseImage(c, version) })) },
    }),
  );
}

export const releaseImage = (component: string, version: string) => `cms/${component}:${version}`;

/** A ring plan of AUTO rings with a 1 s bake and no failure allowed. */
export async function upsertPlan(client: GraphQLClient, name: string, rings: TestRing[]): Promise<void> {
  await must(
    client(`mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { name } }`, {
      input: {
        name,
        autoRollback: true,
        rings: rings.map((r) => ({
          name: r.name,
          kind: 'COHORT',
          selector: r.selector,
          maxParallel: r.maxParallel ?? 2,
          bake: '1s',
          failureBudget: { maxFailures: 0 },
          gate: 'AUTO',
        })),
      },
    }),
  );
}

/** Creates a train of `version` through `plan` and starts it; its id. */
export async function createAndStart(client: GraphQLClient, version: string, plan: string): Promise<string> {
  const created = await must(
    client<{ createTrain: TrainView }>(`mutation($input: CreateTrainInput!) { createTrain(input: $input) { id } }`, {
      input: { releaseVersion: version, ringPlan: plan },
    }),
  );
  await must(client(`mutation($id: ID!) { startTrain(id: $id) { status } }`, { id: created.createTrain.id }));
  return created.createTrain.id;
}

export async function readTrain(client: GraphQLClient, id: string): Promise<TrainView> {
  return (await must(client<{ train: TrainView }>(`query($id: ID!) { train(id: $id) { ${TRAIN_FIELDS} } }`, { id })))
    .train;
}

/** Polls until `done` holds (an API call that fails counts as not yet), or throws what `describe` says after `timeoutMs`. */
export async function waitUntil(
  done: () => Promise<boolean> | boolean,
  timeoutMs: number,
  describe: () => Promise<string> | string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(done()).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The image writes a train made to an environment: its image history after the scenario's initial deploy. A
 * release deployed once shows exactly one write per component, each to the release's image. By component (the
 * driver writes an environment's components concurrently), then in time order.
 */
export function imageWrites(sim: FleetSim, environment: string): { component: string; image: string }[] {
  return sim
    .imageHistory(environment)
    .filter((h) => h.source !== 'create')
    .map((h) => ({ component: h.component, image: h.image }))
    .sort((a, b) => a.component.localeCompare(b.component));
}
