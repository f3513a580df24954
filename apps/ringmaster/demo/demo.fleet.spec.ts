import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { FleetScenario } from '@ringmaster/fleet-sim';
import { demoScenario, fleetSize, scaleScenario } from './demo.fleet.js';

const DEMO_YAML = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fleet-sim/scenarios/demo.yaml');

const scenario: FleetScenario = {
  name: 'x',
  platform: { version: '1' },
  clusters: [
    { name: 'a', region: 'eu' },
    { name: 'b', region: 'us' },
  ],
  environments: {
    list: [{ name: 'internal-a', cluster: 'a', tenant: 'team' }],
    generate: [{ count: 70, namePrefix: 'shop', tenantCount: 20, tenantPrefix: 'customer' }],
  },
};

describe('the demo fleet', () => {
  it('is 6 clusters in 3 regions, 300 environments of 40 customer tenants and 3 internal teams', () => {
    const full = demoScenario(DEMO_YAML, 'full');
    expect(full.clusters).toHaveLength(6);
    expect(fleetSize(full)).toEqual({ environments: 300, tenants: 43, regions: 3 });
    expect(full.faults).toContainEqual(expect.objectContaining({ kind: 'bad-release', effect: 'crashloop' }));
  });

  it('small keeps every cluster and internal environment and generates fewer customers', () => {
    const small = demoScenario(DEMO_YAML, 'small');
    expect(small.clusters).toHaveLength(6);
    expect(small.environments?.list).toHaveLength(6);
    expect(fleetSize(small)).toEqual({ environments: 48, tenants: 13, regions: 3 });
  });

  it.each<[string, 'full' | 'small', number, number | undefined]>([
    ['full is unchanged', 'full', 70, 20],
    ['small takes a seventh of the environments and a quarter of the tenants', 'small', 10, 5],
  ])('%s', (_name, scale, count, tenantCount) => {
    const scaled = scaleScenario(scenario, scale);
    expect(scaled.environments?.generate?.[0]).toMatchObject({ count, tenantCount });
    expect(scaled.environments?.list).toEqual(scenario.environments?.list);
  });

  it('counts tenants of a batch only as far as it has environments', () => {
    const few: FleetScenario = {
      ...scenario,
      environments: { generate: [{ count: 3, namePrefix: 's', tenantCount: 10, tenantPrefix: 'c' }] },
    };
    expect(fleetSize(few)).toEqual({ environments: 3, tenants: 3, regions: 2 });
  });
});
