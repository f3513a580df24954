import type { FleetSim } from '@ringmaster/fleet-sim';

const API_TIMEOUT_MS = 5000;
const API_TRIES = 3;
const SETTLE_TIMEOUT_MS = 10_000;
const SETTLE_POLL_MS = 100;
const SETTLED_PHASES = new Set(['Paused', 'Healthy', 'Degraded']);

/** The Rollout names (components) of a fleet-sim environment. */
export function componentsOf(sim: FleetSim, environment: string): string[] {
  const env = sim.environments().find((e) => e.name === environment)!;
  return env.components.map((c) => c.name);
}

function clusterOf(sim: FleetSim, environment: string) {
  const name = sim.environments().find((e) => e.name === environment)!.cluster;
  return sim.clusters.find((c) => c.name === name)!;
}

async function api(sim: FleetSim, environment: string, path: string, init: RequestInit = {}): Promise<Response> {
  const cluster = clusterOf(sim, environment);
  return fetch(`${cluster.baseUrl}${path}`, {
    ...init,
    signal: AbortSignal.timeout(API_TIMEOUT_MS),
    headers: { authorization: `Bearer ${cluster.token}`, ...(init.headers ?? {}) },
  });
}

const rolloutPath = (environment: string, component: string) =>
  `/apis/argoproj.io/v1alpha1/namespaces/${environment}/rollouts/${component}`;

/** Replaces the version `from` by `to` in every component's image (starts the canaries); an API that is down skips. */
export async function deploy(sim: FleetSim, environment: string, from: string, to: string): Promise<void> {
  for (const component of componentsOf(sim, environment)) {
    const path = rolloutPath(environment, component);
    const res = await api(sim, environment, path).catch(() => undefined);
    if (!res?.ok) continue; // the cluster API is down: the deploy waits (a real engine retries)
    const rollout = (await res.json()) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    const image = rollout.spec.template.spec.containers[0]!.image.replace(from, to);
    await api(sim, environment, path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }]),
    }).catch(() => undefined);
  }
}

/** Waits (bounded) until every component's Rollout is Paused, Healthy or Degraded; an unreachable API waits too. */
export async function settled(sim: FleetSim, environment: string): Promise<void> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (const component of componentsOf(sim, environment)) {
    while (Date.now() < until) {
      const res = await api(sim, environment, rolloutPath(environment, component)).catch(() => undefined);
      const phase = res?.ok ? ((await res.json()) as { status?: { phase?: string } }).status?.phase : undefined;
      if (phase && SETTLED_PHASES.has(phase)) break;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }
}

interface PodList {
  items: {
    status?: {
      containerStatuses?: {
        state?: { waiting?: { reason?: string } };
        lastState?: { terminated?: { reason?: string } };
      }[];
    };
  }[];
}

/** What the cluster shows: its API unavailable, or pods crash-looping / out of memory / failing to pull images. */
export async function clusterFailure(sim: FleetSim, environment: string): Promise<string | undefined> {
  // a timeout on a loaded machine is retried; only the API's own refusal (5xx, 429) is an outage
  let res: Response | undefined;
  for (let i = 0; i < API_TRIES && !res; i++) {
    res = await api(sim, environment, `/api/v1/namespaces/${environment}/pods`).catch(() => undefined);
  }
  if (!res || res.status >= 500 || res.status === 429) return 'API_UNAVAILABLE';
  const pods = (await res.json()) as PodList;
  const statuses = pods.items.flatMap((p) => p.status?.containerStatuses ?? []);
  if (statuses.some((s) => s.lastState?.terminated?.reason === 'OOMKilled')) return 'OOMKilled';
  const waiting = statuses.map((s) => s.state?.waiting?.reason).find((r) => r && r !== 'ContainerCreating');
  return waiting;
}

/** The first failure each environment showed, and when. */
export interface SeenFailure {
  signature: string;
  at: Date;
}

/**
 * Looks at every environment's pods every `intervalMs` (as an engine's passes would) and keeps the first failure
 * each one showed, so a failure that clears by itself (a registry blip) is still seen.
 */
export function watchFailures(sim: FleetSim, environments: readonly string[], intervalMs = 500) {
  const seen = new Map<string, SeenFailure>();
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        environments
          .filter((e) => !seen.has(e))
          .map(async (e) => {
            const signature = await clusterFailure(sim, e);
            if (signature && !seen.has(e)) seen.set(e, { signature, at: new Date() });
          }),
      );
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
