import { startFleetSim, type FleetSim } from '@ringmaster/fleet-sim';
import type { CorpusScenario } from '../corpus.types.js';
import { startPrometheus, type PrometheusServer } from './prometheus.server.js';

/** A scenario's running fleet: fleet-sim, a Prometheus scraping it, and the moment its timeline started. */
export interface ScenarioFleet {
  sim: FleetSim;
  prom: PrometheusServer;
  /** time zero of the scenario: its faults' `at` and `for` and the train's `deployAfterMs` count from here */
  t0: Date;
  stop(): Promise<void>;
}

/**
 * Starts fleet-sim without the scenario's faults, then Prometheus (which takes seconds to scrape everything), then
 * injects the faults: so a fault `at: '2s'` happens 2 s into the scenario, not while Prometheus was starting.
 * `warmUpMs` more of fault-free traffic come before time zero.
 */
export async function startScenarioFleet(scenario: CorpusScenario, warmUpMs = 0): Promise<ScenarioFleet> {
  const sim = await startFleetSim({ scenario: { ...scenario.fleet, faults: [] } });
  let prom: PrometheusServer;
  try {
    prom = await startPrometheus(sim.clusters.map((c) => ({ job: c.name, url: c.metricsUrl })));
  } catch (error) {
    await sim.close();
    throw error;
  }
  // a history of healthy traffic before anything happens, as a real fleet has (a before/after baseline needs it)
  if (warmUpMs > 0) await new Promise((resolve) => setTimeout(resolve, warmUpMs));
  const t0 = new Date();
  for (const fault of scenario.fleet.faults ?? []) sim.injectFault(fault);
  return {
    sim,
    prom,
    t0,
    stop: async () => {
      await prom.stop();
      await sim.close();
    },
  };
}

/** When a customer-code fault of `environment` changed its revision, on the scenario's timeline. */
export function revisionChangedAt(scenario: CorpusScenario, t0: Date, environment: string): Date | undefined {
  const change = (scenario.fleet.faults ?? []).find((f) => f.kind === 'customer-code' && f.environment === environment);
  return change ? new Date(t0.getTime() + (durationMs(change.at) ?? 0)) : undefined;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value * 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
