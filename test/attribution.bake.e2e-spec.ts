import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import { BakeObserver } from '../apps/ringmaster/src/telemetry/bake.observer.js';
import type { BakeReport, BakeTarget } from '../apps/ringmaster/src/telemetry/bake.types.js';
import { eventually, rolloutsApi, setImage, waitForPhase } from './scenarios/support/fleet.deploy.js';
import { startPrometheus, type PrometheusServer } from './scenarios/support/prometheus.server.js';

const BAD = '2026.48.6';
const GOOD = '2026.48.7';

const scenario: FleetScenario = {
  name: 'bake',
  settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 5 },
  platform: { version: '2026.48.0' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
    { name: 'ap-1', region: 'ap' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: [
      { name: 'acme-prod', cluster: 'eu-1', tenant: 'acme', rps: 400, components: ['author'] },
      { name: 'globex-prod', cluster: 'us-1', tenant: 'globex', rps: 400, components: ['author'] },
      { name: 'initech-prod', cluster: 'us-1', tenant: 'initech', rps: 400, components: ['author'] },
      { name: 'dark-prod', cluster: 'ap-1', tenant: 'dark', rps: 400, components: ['author'] },
    ],
  },
  faults: [{ kind: 'bad-release', match: { image: BAD }, effect: 'error-rate', errorRate: 0.2 }],
};

describe('BakeObserver against real Prometheus scraping fleet-sim', () => {
  let sim: FleetSim;
  let prom: PrometheusServer;
  const observer = new BakeObserver({ minWindowSeconds: 5 });
  let bakeStartedAt: Date;

  const target = (environment: string, prometheusUrl: string | null = prom.url): BakeTarget => {
    const env = sim.environments().find((e) => e.name === environment)!;
    return { environment, cluster: env.cluster, namespace: environment, rollouts: ['author'], prometheusUrl };
  };
  const deploy = async (environment: string, version: string) => {
    const api = rolloutsApi(sim.clusters.find((c) => c.name === target(environment).cluster)!);
    await setImage(api, environment, 'author', `cms/author:${version}`);
    await waitForPhase(api, environment, 'author', 'Paused');
  };

  beforeAll(async () => {
    sim = await startFleetSim({ scenario });
    // one Prometheus shared by both clusters
    prom = await startPrometheus(sim.clusters.map((c) => ({ job: c.name, url: c.metricsUrl })));
    sim.injectFault({ kind: 'metrics-outage', cluster: 'ap-1' });
    await deploy('dark-prod', BAD);
    await deploy('acme-prod', BAD);
    await deploy('globex-prod', BAD);
    await deploy('initech-prod', GOOD);
    bakeStartedAt = new Date();
  });
  afterAll(async () => {
    await prom?.stop();
    await sim?.close();
  });

  it('fails the bad release with an error-rate regression and passes the good one', async () => {
    const ring = {
      ring: 'cohort',
      bakeStartedAt,
      targets: [target('acme-prod'), target('globex-prod'), target('initech-prod')],
    };
    const report = await eventually(
      () => observer.observe(ring, new Date()),
      (r: BakeReport) => r.failures.size === 2 && r.passed.has('initech-prod'),
    );
    expect(report.metricsUnreachable).toBe(false);
    expect([...report.failures.keys()].sort()).toEqual(['acme-prod', 'globex-prod']);
    expect(report.failures.get('acme-prod')).toMatchObject({ signature: 'ERROR_RATE_REGRESSION' });
    expect(report.failures.get('acme-prod')!.message).toMatch(/^author: /);
    expect(report.failures.has('initech-prod')).toBe(false);
  });

  it('an unreachable Prometheus stops the bake clock and fails nothing', async () => {
    const ring = {
      ring: 'cohort',
      bakeStartedAt,
      targets: [target('acme-prod', 'http://127.0.0.1:1'), target('initech-prod')],
    };
    const report = await observer.observe(ring, new Date());
    expect(report.metricsUnreachable).toBe(true);
    expect(report.failures.size).toBe(0);
    expect(report.passed.has('acme-prod')).toBe(false);
  });

  it('a cluster metrics outage hides a bad release: the bake clock stops, nothing fails, nothing passes', async () => {
    const ring = { ring: 'region', bakeStartedAt, targets: [target('dark-prod'), target('initech-prod')] };
    const report = await observer.observe(ring, new Date());
    expect(report).toMatchObject({ metricsUnreachable: true, silent: ['dark-prod'] });
    expect(report.failures.size).toBe(0);
    expect(report.passed.has('dark-prod')).toBe(false);
  });

  it('a target without a Prometheus URL is not observed, and a ring of only those is neither failed nor passed', async () => {
    const report = await observer.observe(
      { ring: 'internal', bakeStartedAt, targets: [target('acme-prod', null)] },
      new Date(),
    );
    expect(report).toMatchObject({ metricsUnreachable: false, unobserved: ['acme-prod'] });
    expect(report.failures.size).toBe(0);
    expect(report.passed.size).toBe(0);
  });
});
