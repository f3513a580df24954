import { startFleetSim, type FleetScenario, type FleetSim, type RequestCounts } from '@ringmaster/fleet-sim';
import type { KubeRolloutDriverOptions } from '../src/driver/kube-rollout.driver.js';
import type { EnvironmentTarget } from '../src/driver/rollout.driver.js';
import { createClusterFleet, type ClusterFleet, type ClusterFleetOptions } from '../src/registry/cluster.fleet.js';

/** Two clusters, three environments (initech-prod on workloadRef Deployments), fast pods, a manual pause step. */
export function driverScenario(overrides: Partial<FleetScenario> = {}): FleetScenario {
  return {
    name: 'driver',
    settings: { tick: '50ms', podStart: '150ms', progressDeadlineSeconds: 5, bookmarkInterval: '300ms' },
    platform: { version: '2026.46.0' },
    clusters: [
      { name: 'eu-1', region: 'eu' },
      { name: 'us-1', region: 'us' },
    ],
    canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
    environments: {
      list: [
        { name: 'acme-prod', cluster: 'eu-1', tenant: 'acme', replicas: 1 },
        { name: 'globex-prod', cluster: 'eu-1', tenant: 'globex', replicas: 1 },
        { name: 'initech-prod', cluster: 'us-1', tenant: 'initech', workloadRef: true, replicas: 1 },
      ],
    },
    ...overrides,
  };
}

/** A target of the simulated fleet (components author and publish, Rollouts named like them). */
export function target(environment: string, cluster: string): EnvironmentTarget {
  return {
    environment,
    cluster,
    namespace: environment,
    components: ['author', 'publish'].map((c) => ({ component: c, rollout: c })),
  };
}

/** The driver limits of the test fleet. */
export const DRIVER_OPTIONS: KubeRolloutDriverOptions = { fanOut: { concurrency: 8, timeoutMs: 4_000 } };

export interface DriverWorld {
  sim: FleetSim;
  fleet: ClusterFleet;
  close(): Promise<void>;
}

/** Starts the fleet and a registry holding every cluster, waiting until every watch listed. */
export async function startDriverWorld(
  scenario: FleetScenario = driverScenario(),
  options: ClusterFleetOptions = {},
): Promise<DriverWorld> {
  const sim = await startFleetSim({ scenario });
  const fleet = createClusterFleet({
    client: {
      rateLimit: { qps: 100, burst: 100 },
      requestTimeoutMs: 1_000,
      retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
    },
    watchBackoff: { initialMs: 50, maxMs: 500 },
    driver: DRIVER_OPTIONS,
    ...options,
  });
  for (const c of sim.clusters) {
    fleet.registry.upsert({
      name: c.name,
      credentials: { kind: 'inline', kubeconfig: c.kubeconfig },
      labels: c.labels,
    });
  }
  await Promise.all(sim.clusters.map((c) => fleet.registry.get(c.name)!.watcher!.waitForSync()));
  return {
    sim,
    fleet,
    close: async () => {
      await fleet.close();
      await sim.close();
    },
  };
}

/** Request counts since `before`. */
export function countsSince(sim: FleetSim, cluster: string, before: RequestCounts): RequestCounts {
  const now = sim.requestCounts(cluster);
  return Object.fromEntries(
    Object.entries(now).map(([k, v]) => [k, v - before[k as keyof RequestCounts]]),
  ) as RequestCounts;
}

/** Polls `read` (a cache read, costing no requests) until `ok`, or fails after `timeoutMs`. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met; last: ${JSON.stringify(last).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 40));
    last = await read();
  }
  return last;
}
