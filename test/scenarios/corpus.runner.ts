import { startFleetSim, type FleetSim } from '@ringmaster/fleet-sim';
import type { PrismaClient } from '@ringmaster/persistence';
import { AttributionRepository } from '../../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../../apps/ringmaster/src/attribution/attribution.signals.js';
import { PrometheusBaselineProbe } from '../../apps/ringmaster/src/attribution/baseline.probe.js';
import { ReleaseAttributor } from '../../apps/ringmaster/src/attribution/release.attributor.js';
import { BakeObserver } from '../../apps/ringmaster/src/telemetry/bake.observer.js';
import { EXPECTED_CLASSES, type CorpusScenario, type Expected } from './corpus.types.js';
import { startPrometheus } from './support/prometheus.server.js';
import { seedTrain, type SeedTarget } from './support/train.seed.js';

/** One environment's outcome. */
export interface Outcome {
  scenario: string;
  environment: string;
  expected: Expected;
  actual: Expected;
  signature?: string;
  evidence?: readonly string[];
}

/** Per class: precision and recall over every environment of the corpus. */
export interface ClassScore {
  cls: Expected;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

const BAKE_MS = Number(process.env.CORPUS_BAKE_MS ?? 8000);
const API_TIMEOUT_MS = 5000;
const API_TRIES = 3;
const SETTLE_TIMEOUT_MS = 10_000;
const SETTLE_POLL_MS = 100;
const SETTLED_PHASES = new Set(['Paused', 'Healthy', 'Degraded']);

/**
 * Runs one scenario for real: fleet-sim, Prometheus, a deploy, a bake, then failure detection and attribution on a
 * migrated database shared by the corpus (rows are named `<prefix>-<environment>` so scenarios never see each other).
 */
export async function runScenario(scenario: CorpusScenario, prisma: PrismaClient, prefix: string): Promise<Outcome[]> {
  const sim = await startFleetSim({ scenario: scenario.fleet });
  const prom = await startPrometheus(sim.clusters.map((c) => ({ job: c.name, url: c.metricsUrl })));
  const named = (name: string) => `${prefix}-${name}`;
  try {
    const startedAt = new Date();
    const envs = new Map(sim.environments().map((e) => [e.name, e]));
    for (const name of scenario.targets) await deploy(sim, name, scenario.fleet.platform.version, scenario.release);
    // the bake starts once every canary runs (paused at its first step) or has given up, as the engine's would
    await Promise.all(scenario.targets.map((name) => settled(sim, name)));
    const bakeStartedAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, BAKE_MS));
    const now = new Date();
    const observer = new BakeObserver({ minWindowSeconds: Math.ceil(BAKE_MS / 1000) });
    const report = await observer.observe(
      {
        ring: 'corpus',
        bakeStartedAt,
        targets: scenario.targets.map((name) => ({
          environment: name,
          cluster: envs.get(name)!.cluster,
          namespace: name,
          rollouts: componentsOf(sim, name),
          prometheusUrl: prom.url,
        })),
      },
      now,
    );
    const seeds: SeedTarget[] = [];
    for (const name of scenario.targets) {
      const env = envs.get(name)!;
      const failure = (await clusterFailure(sim, name)) ?? report.failures.get(name)?.signature;
      const change = (scenario.fleet.faults ?? []).find((f) => f.kind === 'customer-code' && f.environment === name);
      seeds.push({
        environment: named(name),
        namespace: name,
        cluster: named(env.cluster),
        tenant: env.tenant,
        failure,
        deployedAt: startedAt,
        failedAt: failure ? now : undefined,
        components: componentsOf(sim, name),
        revisionChangedAt: change ? new Date(startedAt.getTime() - 60_000) : undefined,
      });
    }
    const trainId = await seedTrain(prisma, {
      version: named(scenario.release),
      startedAt,
      targets: seeds,
      prometheusUrl: prom.url,
    });
    const attributor = new ReleaseAttributor(
      new AttributionSignals(prisma, new PrometheusBaselineProbe({ window: `${Math.ceil(BAKE_MS / 1000)}s` })),
      new AttributionRepository(prisma),
    );
    const outcomes: Outcome[] = [];
    for (const seed of seeds) {
      const expected = scenario.expected[seed.namespace!] ?? 'NO_FAILURE';
      if (!seed.failure) {
        const bake = report.verdicts
          .filter((v) => v.target.startsWith(`${seed.namespace}/`))
          .map((v) => `${v.target} ${v.verdict.status}: ${v.verdict.reasons.join('; ')}`);
        outcomes.push({
          scenario: scenario.name,
          environment: seed.namespace!,
          expected,
          actual: 'NO_FAILURE',
          evidence: bake,
        });
        continue;
      }
      const judged = await attributor.attribute({
        trainId,
        environment: seed.environment,
        ring: 'corpus',
        attempt: 1,
        now,
      });
      outcomes.push({
        scenario: scenario.name,
        environment: seed.namespace!,
        expected,
        actual: judged.cause,
        signature: judged.signature,
        evidence: judged.evidence,
      });
    }
    return outcomes;
  } finally {
    await prom.stop();
    await sim.close();
  }
}

/** Precision and recall per class. */
export function score(outcomes: readonly Outcome[]): ClassScore[] {
  return EXPECTED_CLASSES.map((cls) => {
    const tp = outcomes.filter((o) => o.expected === cls && o.actual === cls).length;
    const fp = outcomes.filter((o) => o.expected !== cls && o.actual === cls).length;
    const fn = outcomes.filter((o) => o.expected === cls && o.actual !== cls).length;
    return {
      cls,
      tp,
      fp,
      fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}

function componentsOf(sim: FleetSim, environment: string): string[] {
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

async function deploy(sim: FleetSim, environment: string, from: string, to: string): Promise<void> {
  for (const component of componentsOf(sim, environment)) {
    const path = `/apis/argoproj.io/v1alpha1/namespaces/${environment}/rollouts/${component}`;
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
async function settled(sim: FleetSim, environment: string): Promise<void> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (const component of componentsOf(sim, environment)) {
    const path = `/apis/argoproj.io/v1alpha1/namespaces/${environment}/rollouts/${component}`;
    while (Date.now() < until) {
      const res = await api(sim, environment, path).catch(() => undefined);
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
async function clusterFailure(sim: FleetSim, environment: string): Promise<string | undefined> {
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
