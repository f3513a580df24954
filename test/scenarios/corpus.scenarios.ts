import type { EnvironmentSpec, FaultSpec, FleetScenario } from '@ringmaster/fleet-sim';
import type { CorpusScenario, Expected } from './corpus.types.js';

const PLATFORM = '2026.52.0';
const RELEASE = '2026.52.1';
const CLUSTERS = [
  { name: 'eu-1', region: 'eu' },
  { name: 'us-1', region: 'us' },
  { name: 'ap-1', region: 'ap' },
];
/** Six environments of six tenants over three clusters. */
const ENVIRONMENTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark'].map((tenant, i) => ({
  name: `${tenant}-prod`,
  cluster: CLUSTERS[i % CLUSTERS.length]!.name,
  tenant,
}));
const ALL = ENVIRONMENTS.map((e) => e.name);

function fleet(faults: FaultSpec[], env: Partial<EnvironmentSpec> = {}): FleetScenario {
  return {
    settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 6 },
    platform: { version: PLATFORM },
    clusters: CLUSTERS,
    canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
    environments: { list: ENVIRONMENTS.map((e) => ({ rps: 300, components: ['author'], ...e, ...env })) },
    faults,
  };
}

const every = (cause: Expected, names: readonly string[] = ALL) => Object.fromEntries(names.map((n) => [n, cause]));
const bad = (effect: NonNullable<Extract<FaultSpec, { kind: 'bad-release' }>['effect']>, extra = {}): FaultSpec => ({
  kind: 'bad-release',
  match: { image: RELEASE },
  effect,
  ...extra,
});

/** The labelled corpus (DESIGN.md "Attribution"): one scenario per failure class. */
export const CORPUS: readonly CorpusScenario[] = [
  {
    name: 'good release, unrelated customer breakage',
    fleet: fleet([{ kind: 'customer-code', environment: 'acme-prod', revision: 'r2', effect: 'crashloop' }]),
    release: RELEASE,
    targets: ALL,
    expected: { 'acme-prod': 'CUSTOMER_CODE' },
  },
  {
    name: 'crash-loop bad release',
    fleet: fleet([bad('crashloop')]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'error-rate bad release',
    fleet: fleet([bad('error-rate', { errorRate: 0.3 })]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'latency bad release',
    fleet: fleet([bad('latency', { latencyMs: 400 })]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'single-component bad release',
    fleet: fleet([bad('crashloop', { components: ['publish'] })], { components: ['author', 'publish'] }),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'slow leak',
    fleet: fleet([bad('slow-leak', { errorRate: 0.3, latencyMs: 300, after: '2s' })]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'Prometheus outage, good release',
    fleet: fleet([{ kind: 'metrics-outage', cluster: 'eu-1' }]),
    release: RELEASE,
    targets: ALL,
    expected: {},
  },
  {
    name: 'cluster API outage, good release',
    fleet: fleet([{ kind: 'api-outage', cluster: 'us-1', mode: 'unavailable', at: '3s' }]),
    release: RELEASE,
    targets: ALL,
    expected: every(
      'TRANSIENT',
      ENVIRONMENTS.filter((e) => e.cluster === 'us-1').map((e) => e.name),
    ),
  },
  {
    name: 'low-traffic cohort, error-rate bad release',
    fleet: fleet([bad('error-rate', { errorRate: 0.3 })], { rps: 30 }),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: "release breaking several tenants' customer code",
    fleet: fleet([bad('crashloop', { tenants: ['acme', 'globex', 'initech'] })]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE', ['acme-prod', 'globex-prod', 'initech-prod']),
  },
  {
    // the upgrade rotates the content-hashed Secret and deletes the old one: the release's pods cannot start
    name: 'immutable Secret trap',
    fleet: fleet([{ kind: 'secret-rotation', match: { image: RELEASE } }]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
];
