import { loadScenario, type FleetScenario } from '@ringmaster/fleet-sim';
import type { DemoScale } from './demo.options.js';

// `small` keeps every cluster, region, cohort and internal environment (so every ring has members) and generates a
// seventh of the customer environments for a quarter of the tenants.
const SMALL_ENVIRONMENT_SHARE = 1 / 7;
const SMALL_TENANT_SHARE = 1 / 4;

/** The demo's fleet: the scenario file, scaled. */
export function demoScenario(path: string, scale: DemoScale): FleetScenario {
  return scaleScenario(loadScenario(path), scale);
}

/** A copy of `scenario` with its generated environments scaled down for `small`; `full` is unchanged. */
export function scaleScenario(scenario: FleetScenario, scale: DemoScale): FleetScenario {
  if (scale === 'full' || !scenario.environments?.generate) return scenario;
  const generate = scenario.environments.generate.map((batch) => ({
    ...batch,
    count: Math.max(1, Math.ceil(batch.count * SMALL_ENVIRONMENT_SHARE)),
    ...(batch.tenantCount === undefined
      ? {}
      : { tenantCount: Math.max(1, Math.ceil(batch.tenantCount * SMALL_TENANT_SHARE)) }),
  }));
  return {
    ...scenario,
    name: `${scenario.name ?? 'demo'}-small`,
    environments: { ...scenario.environments, generate },
  };
}

/** Environments and tenants of a scenario, for the opening lines. */
export function fleetSize(scenario: FleetScenario): { environments: number; tenants: number; regions: number } {
  const tenants = new Set<string>();
  let environments = 0;
  for (const e of scenario.environments?.list ?? []) {
    environments++;
    tenants.add(e.tenant);
  }
  for (const b of scenario.environments?.generate ?? []) {
    environments += b.count;
    const names = b.tenants ?? Array.from({ length: b.tenantCount ?? b.count }, (_, t) => `${b.tenantPrefix}-${t}`);
    for (const name of names.slice(0, b.count)) tenants.add(name);
  }
  return { environments, tenants: tenants.size, regions: new Set(scenario.clusters.map((c) => c.region)).size };
}
