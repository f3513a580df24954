import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  openDatabase,
  type DatabaseHandle,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { AttributionRepository } from '../apps/ringmaster/src/attribution/attribution.repository.js';
import { AttributionSignals } from '../apps/ringmaster/src/attribution/attribution.signals.js';
import { PrometheusBaselineProbe } from '../apps/ringmaster/src/attribution/baseline.probe.js';
import { ReleaseAttributor } from '../apps/ringmaster/src/attribution/release.attributor.js';
import { BakeObserver } from '../apps/ringmaster/src/telemetry/bake.observer.js';
import { eventually, rolloutsApi, setImage, waitForPhase } from './scenarios/support/fleet.deploy.js';
import { startPrometheus, type PrometheusServer } from './scenarios/support/prometheus.server.js';
import { seedTrain } from './scenarios/support/train.seed.js';

const SLOW = '2026.51.3';
const BAD = '2026.51.4';

const scenario: FleetScenario = {
  name: 'baseline',
  settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 5 },
  platform: { version: '2026.51.0' },
  clusters: [{ name: 'eu-1', region: 'eu' }],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: [
      { name: 'acme-prod', cluster: 'eu-1', tenant: 'acme', rps: 300, components: ['author'] },
      { name: 'globex-prod', cluster: 'eu-1', tenant: 'globex', rps: 300, components: ['author'] },
      { name: 'hooli-prod', cluster: 'eu-1', tenant: 'hooli', rps: 300, components: ['author'] },
    ],
  },
  faults: [
    { kind: 'customer-code', environment: 'acme-prod', revision: 'acme-r2', effect: 'error-rate', errorRate: 0.4 },
    { kind: 'bad-release', match: { image: BAD }, effect: 'error-rate', errorRate: 0.4 },
    { kind: 'bad-release', match: { image: SLOW }, effect: 'latency', latencyMs: 400 },
  ],
};

describe('baseline and latency against real Prometheus scraping fleet-sim', () => {
  let sim: FleetSim;
  let prom: PrometheusServer;
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  const probe = new PrometheusBaselineProbe({ window: '10s' });
  const probeOf = (environment: string, prometheusUrl: string | null = prom.url) => ({
    environment,
    namespace: environment,
    rollouts: ['author'],
    prometheusUrl,
    signature: 'ERROR_RATE_REGRESSION',
    at: new Date(),
  });

  beforeAll(async () => {
    sim = await startFleetSim({ scenario });
    prom = await startPrometheus(sim.clusters.map((c) => ({ job: c.name, url: c.metricsUrl })));
    testDb = embeddedTestDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
    const api = rolloutsApi(sim.clusters[0]!);
    await setImage(api, 'globex-prod', 'author', `cms/author:${BAD}`);
    await setImage(api, 'hooli-prod', 'author', `cms/author:${SLOW}`);
    await waitForPhase(api, 'globex-prod', 'author', 'Paused');
    await waitForPhase(api, 'hooli-prod', 'author', 'Paused');
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
    await prom?.stop();
    await sim?.close();
  });

  it('the stable version fails where the customer broke its code, and not where the release did', async () => {
    const acme = await eventually(
      () => probe.stableFailingSameWay(probeOf('acme-prod')),
      (v) => v !== undefined,
    );
    expect(acme).toBe(true);
    expect(await probe.stableFailingSameWay(probeOf('globex-prod'))).toBe(false);
    expect(await probe.stableFailingSameWay(probeOf('globex-prod', null))).toBeUndefined();
    expect(await probe.stableFailingSameWay({ ...probeOf('acme-prod'), signature: 'IMAGE_PULL' })).toBeUndefined();
    expect(await probe.stableFailingSameWay(probeOf('acme-prod', 'http://127.0.0.1:1'))).toBeUndefined();
  });

  it('ReleaseAttributor turns the baseline into CUSTOMER_CODE for acme, and leaves globex UNKNOWN', async () => {
    const now = new Date();
    const trainId = await seedTrain(prisma, {
      version: '2026.51.9',
      startedAt: new Date(now.getTime() - 5_000),
      prometheusUrl: prom.url,
      targets: [
        {
          environment: 'acme-prod',
          cluster: 'eu-1',
          tenant: 'acme',
          failure: 'ERROR_RATE_REGRESSION',
          failedAt: now,
          deployedAt: now,
        },
        {
          environment: 'globex-prod',
          cluster: 'eu-1',
          tenant: 'globex',
          failure: 'ERROR_RATE_REGRESSION',
          failedAt: now,
        },
        { environment: 'hooli-prod', cluster: 'eu-1', tenant: 'hooli' },
      ],
    });
    const attributor = new ReleaseAttributor(
      new AttributionSignals(prisma, new PrometheusBaselineProbe({ window: '10s' })),
      new AttributionRepository(prisma),
    );
    const acme = await attributor.attribute({ trainId, environment: 'acme-prod', ring: 'r', attempt: 1, now });
    expect(acme.cause).toBe('CUSTOMER_CODE');
    expect(acme.evidence).toContain('Baseline: the stable version in this environment fails the same way.');
    expect(acme.evidence!.some((e) => e.startsWith('Time: the failure began'))).toBe(true);
    const globex = await attributor.attribute({ trainId, environment: 'globex-prod', ring: 'r', attempt: 1, now });
    expect(globex.evidence).toContain('Baseline: the stable version in this environment is healthy.');
    expect(globex.cause).toBe('UNKNOWN');
  });

  it('BakeObserver fails a latency regression with LATENCY_REGRESSION', async () => {
    const observer = new BakeObserver({ minWindowSeconds: 10 });
    const ring = {
      ring: 'cohort',
      bakeStartedAt: new Date(Date.now() - 10_000),
      targets: [
        {
          environment: 'hooli-prod',
          cluster: 'eu-1',
          namespace: 'hooli-prod',
          rollouts: ['author'],
          prometheusUrl: prom.url,
        },
      ],
    };
    const report = await eventually(
      () => observer.observe(ring, new Date()),
      (r) => r.failures.size === 1,
    );
    expect(report.failures.get('hooli-prod')).toMatchObject({ signature: 'LATENCY_REGRESSION' });
  });
});
