import type { PrismaClient } from '@ringmaster/persistence';
import { AttributionRepository } from '../../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../../apps/ringmaster/src/attribution/attribution.signals.js';
import { PrometheusBaselineProbe } from '../../apps/ringmaster/src/attribution/baseline.probe.js';
import { ReleaseAttributor } from '../../apps/ringmaster/src/attribution/release.attributor.js';
import { BakeObserver } from '../../apps/ringmaster/src/telemetry/bake.observer.js';
import type { Outcome } from './corpus.score.js';
import type { CorpusScenario } from './corpus.types.js';
import { componentsOf, deploy, settled, watchFailures } from './support/fleet.probe.js';
import { revisionChangedAt, startScenarioFleet } from './support/scenario.fleet.js';
import { seedTrain, type SeedTarget } from './support/train.seed.js';

export const BAKE_MS = Number(process.env.CORPUS_BAKE_MS ?? 8000);
/**
 * Fault-free traffic before a scenario starts, as a real fleet has: the baseline and time signals read the stable
 * version when the train touched an environment, and the engine judges a promoted ring against the window before the
 * ring started — a fleet started a moment ago has neither (an empty baseline is undecided).
 */
export const WARM_UP_MS = Number(process.env.CORPUS_WARM_UP_MS ?? 5_000);

/**
 * The direct mode: runs one scenario for real — fleet-sim, Prometheus, a deploy of every target, a bake — while
 * watching the pods, then judges the bake with the BakeObserver and attributes every failed target with the
 * ReleaseAttributor, on a migrated database shared by the corpus (rows are named `<prefix>-<environment>` so scenarios
 * never see each other). No train engine: nothing halts or rolls back.
 */
export async function runScenario(scenario: CorpusScenario, prisma: PrismaClient, prefix: string): Promise<Outcome[]> {
  const fleet = await startScenarioFleet(scenario, WARM_UP_MS);
  const { sim, prom, t0 } = fleet;
  const named = (name: string) => `${prefix}-${name}`;
  try {
    const envs = new Map(sim.environments().map((e) => [e.name, e]));
    await new Promise((resolve) => setTimeout(resolve, scenario.deployAfterMs ?? 0));
    const touchedAt = new Date();
    for (const name of scenario.targets) await deploy(sim, name, scenario.fleet.platform.version, scenario.release);
    const watch = watchFailures(sim, scenario.targets);
    // the bake starts once every canary runs (paused at its first step) or has given up, as the engine's would
    await Promise.all(scenario.targets.map((name) => settled(sim, name)));
    const bakeStartedAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, BAKE_MS));
    await watch.stop();
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
      const seen = watch.seen.get(name);
      const failure = seen?.signature ?? report.failures.get(name)?.signature;
      seeds.push({
        environment: named(name),
        namespace: name,
        cluster: named(env.cluster),
        tenant: env.tenant,
        failure,
        failedAt: failure ? (seen?.at ?? now) : undefined,
        components: componentsOf(sim, name),
        revisionChangedAt: revisionChangedAt(scenario, t0, name),
      });
    }
    const trainId = await seedTrain(prisma, {
      version: named(scenario.release),
      startedAt: touchedAt,
      ringStartedAt: touchedAt,
      targets: seeds,
      prometheusUrl: prom.url,
    });
    const attributor = new ReleaseAttributor(
      new AttributionSignals(prisma, new PrometheusBaselineProbe({ window: `${Math.ceil(BAKE_MS / 1000)}s` })),
      new AttributionRepository(prisma),
    );
    const outcomes: Outcome[] = [];
    for (const seed of seeds) {
      const environment = seed.namespace!;
      const expected = scenario.expected[environment] ?? 'NO_FAILURE';
      if (!seed.failure) {
        const bake = report.verdicts
          .filter((v) => v.target.startsWith(`${environment}/`))
          .map((v) => `${v.target} ${v.verdict.status}: ${v.verdict.reasons.join('; ')}`);
        // a transient condition the target never showed (a rate-limited API that answered its every look) is
        // absorbed, as in the engine mode: nothing to attribute, scored in no class
        outcomes.push({
          scenario: scenario.name,
          environment,
          expected,
          actual: 'NO_FAILURE',
          absorbed: expected === 'TRANSIENT',
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
        environment,
        expected,
        actual: judged.cause,
        signature: judged.signature,
        evidence: judged.evidence,
      });
    }
    return outcomes;
  } finally {
    await fleet.stop();
  }
}
