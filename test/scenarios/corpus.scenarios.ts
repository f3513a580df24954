import type { EnvironmentSpec, FaultEffect, FaultSpec, FleetScenario } from '@ringmaster/fleet-sim';
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

function fleet(
  faults: FaultSpec[],
  env: Partial<EnvironmentSpec> = {},
  perEnvironment: Record<string, Partial<EnvironmentSpec>> = {},
): FleetScenario {
  return {
    settings: { tick: '50ms', podStart: '200ms', progressDeadlineSeconds: 6 },
    platform: { version: PLATFORM },
    clusters: CLUSTERS,
    canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
    environments: {
      list: ENVIRONMENTS.map((e) => ({ rps: 300, components: ['author'], ...e, ...env, ...perEnvironment[e.name] })),
    },
    faults,
  };
}

const every = (cause: Expected, names: readonly string[] = ALL) => Object.fromEntries(names.map((n) => [n, cause]));
const inCluster = (cluster: string) => ENVIRONMENTS.filter((e) => e.cluster === cluster).map((e) => e.name);
const bad = (effect: NonNullable<Extract<FaultSpec, { kind: 'bad-release' }>['effect']>, extra = {}): FaultSpec => ({
  kind: 'bad-release',
  match: { image: RELEASE },
  effect,
  ...extra,
});
/** A customer deploys new code: `effect` breaks every pod of the environment, old release or new. */
const customer = (environment: string, effect: FaultEffect, extra: Partial<FaultSpec> = {}): FaultSpec =>
  ({ kind: 'customer-code', environment, revision: 'r2', effect, ...extra }) as FaultSpec;
/** A customer deploys new code that breaks nothing (only the revision changes). */
const harmlessChange = (environment: string): FaultSpec => ({
  kind: 'customer-code',
  environment,
  revision: 'r2',
  effect: 'error-rate',
  errorRate: 0,
});
/**
 * Something of the environment's own breaks every pod of one component whatever its image (a database it depends on
 * is gone), without any customer-code revision change.
 */
const environmentFault = (environment: string, effect: FaultEffect, extra: Partial<FaultSpec> = {}): FaultSpec =>
  ({
    kind: 'bad-release',
    match: { image: 'cms/author:' },
    environments: [environment],
    effect,
    ...extra,
  }) as FaultSpec;

/**
 * The labelled corpus (DESIGN.md "Attribution"). Six environments of six tenants over three clusters (eu-1: acme,
 * umbrella; us-1: globex, hooli; ap-1: initech, stark), one component unless a scenario says otherwise; the train
 * deploys `2026.52.1` to all six. Labels state what the design says the cause is, whatever the judge answers.
 */
export const CORPUS: readonly CorpusScenario[] = [
  // ---- good releases with unrelated customer breakages ----
  {
    name: 'good release, unrelated customer breakage',
    fleet: fleet([customer('acme-prod', 'crashloop')]),
    release: RELEASE,
    targets: ALL,
    expected: { 'acme-prod': 'CUSTOMER_CODE' },
  },
  {
    name: 'good release, two unrelated customer breakages in two clusters',
    fleet: fleet([customer('acme-prod', 'crashloop'), customer('hooli-prod', 'oom')]),
    release: RELEASE,
    targets: ALL,
    expected: { 'acme-prod': 'CUSTOMER_CODE', 'hooli-prod': 'CUSTOMER_CODE' },
  },
  {
    // three tenants in three clusters crash at once, but each one's stable crashes the same way: not the release
    name: 'good release, three customers break at once in three clusters',
    fleet: fleet([
      customer('acme-prod', 'crashloop'),
      customer('globex-prod', 'crashloop'),
      customer('initech-prod', 'crashloop'),
    ]),
    release: RELEASE,
    targets: ALL,
    expected: every('CUSTOMER_CODE', ['acme-prod', 'globex-prod', 'initech-prod']),
  },
  {
    // stable and canary fail alike: the canary is no worse than stable, so nothing fails the release's analysis
    name: "good release, a customer's new code raises errors on stable and canary alike",
    fleet: fleet([customer('umbrella-prod', 'error-rate', { errorRate: 0.3 })]),
    release: RELEASE,
    targets: ALL,
    expected: {},
  },
  {
    // the only signal is the customer change: the revision changes during the bake and its pods run out of memory
    name: 'customer revision changed shortly before the failure',
    fleet: fleet([customer('globex-prod', 'oom', { at: '2s' })]),
    release: RELEASE,
    targets: ALL,
    expected: { 'globex-prod': 'CUSTOMER_CODE' },
  },
  {
    // no revision change: the environment's own dependency breaks during the bake, stable crashes as the canary does
    name: 'stable failing the same way',
    fleet: fleet([environmentFault('stark-prod', 'crashloop', { at: '2s' })]),
    release: RELEASE,
    targets: ALL,
    expected: { 'stark-prod': 'CUSTOMER_CODE' },
  },
  {
    // the environment was already crash-looping (on the old release) when the train first touched it
    name: 'failure began before the train touched the environment',
    fleet: fleet([environmentFault('hooli-prod', 'crashloop')]),
    release: RELEASE,
    targets: ALL,
    deployAfterMs: 4000,
    expected: { 'hooli-prod': 'CUSTOMER_CODE' },
  },

  // ---- bad releases ----
  {
    name: 'crash-loop bad release',
    fleet: fleet([bad('crashloop')]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'out-of-memory bad release',
    fleet: fleet([bad('oom')]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    // the release names an image the registry does not have: every cluster fails to pull it
    name: 'bad release with a missing image',
    fleet: fleet([bad('image-pull')]),
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
    name: 'single-component error-rate bad release',
    fleet: fleet([bad('error-rate', { errorRate: 0.3, components: ['publish'] })], {
      components: ['author', 'publish'],
      rps: 600,
    }),
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
    name: "release breaking several tenants' customer code",
    fleet: fleet([bad('crashloop', { tenants: ['acme', 'globex', 'initech'] })]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE', ['acme-prod', 'globex-prod', 'initech-prod']),
  },
  {
    // one of the broken tenants also deployed new (harmless) code just before: the fleet signal still blames the release
    name: "release breaking several tenants' customer code, one of which just changed its code",
    fleet: fleet([bad('crashloop', { tenants: ['acme', 'globex', 'initech'] }), harmlessChange('acme-prod')]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE', ['acme-prod', 'globex-prod', 'initech-prod']),
  },
  {
    name: "release breaking two tenants' customer code in one cluster",
    fleet: fleet([bad('crashloop', { tenants: ['acme', 'umbrella'] })]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE', inCluster('eu-1')),
  },
  {
    // a crash-looping release whose upgrade also rotated the content-hashed Secret and deleted the old one: the train
    // must halt, and rolling back would start the previous revision's pods against a Secret that is gone
    name: 'immutable Secret trap',
    fleet: fleet([bad('crashloop'), { kind: 'secret-rotation', match: { image: RELEASE } }]),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
    rollbackUnsafe: ALL,
  },

  // ---- low traffic: pooled judging, INCONCLUSIVE is never a pass ----
  {
    name: 'low-traffic cohort, error-rate bad release',
    fleet: fleet([bad('error-rate', { errorRate: 0.3 })], { rps: 30 }),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'low-traffic cohort, latency bad release',
    fleet: fleet([bad('latency', { latencyMs: 400 })], { rps: 30 }),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    // two low-traffic environments among busy ones: pooled together they carry enough requests to judge in the bake
    name: 'mixed traffic, error-rate bad release',
    fleet: fleet([bad('error-rate', { errorRate: 0.3 })], {}, { 'acme-prod': { rps: 40 }, 'stark-prod': { rps: 40 } }),
    release: RELEASE,
    targets: ALL,
    expected: every('RELEASE'),
  },
  {
    name: 'low-traffic cohort, good release',
    fleet: fleet([], { rps: 30 }),
    release: RELEASE,
    targets: ALL,
    expected: {},
  },

  // ---- observer outages and transient faults: never the release ----
  {
    // one cluster's metrics are gone for a while: the bake clock stops, then resumes
    name: 'Prometheus outage, good release',
    fleet: fleet([{ kind: 'metrics-outage', cluster: 'eu-1', at: '2s', for: '10s' }]),
    release: RELEASE,
    targets: ALL,
    expected: {},
  },
  {
    // no metrics at all, for good: nothing may fail or pass on telemetry (an engine's train waits)
    name: 'Prometheus outage of every cluster, good release',
    fleet: fleet(CLUSTERS.map((c) => ({ kind: 'metrics-outage', cluster: c.name }) as FaultSpec)),
    release: RELEASE,
    targets: ALL,
    expected: {},
    engineHolds: 'no telemetry anywhere: the bake clock stays stopped',
  },
  {
    name: 'cluster API outage, good release',
    fleet: fleet([{ kind: 'api-outage', cluster: 'us-1', mode: 'unavailable', at: '3s' }]),
    release: RELEASE,
    targets: ALL,
    expected: every('TRANSIENT', inCluster('us-1')),
    engineHolds: "us-1's API is down for good: its targets wait, never fail",
  },
  {
    name: 'cluster API throttling, good release',
    // the API server rate-limits (APF): a few requests a second get through, the rest are told to come back later
    fleet: fleet([{ kind: 'api-outage', cluster: 'ap-1', mode: 'throttle', retryAfterSeconds: 1, qps: 2, at: '3s' }]),
    release: RELEASE,
    targets: ALL,
    expected: every('TRANSIENT', inCluster('ap-1')),
  },
  {
    // one cluster cannot reach the registry for a few seconds while the others pull the same images
    name: 'registry blip in one cluster, good release',
    fleet: fleet([{ kind: 'image-pull', match: { image: RELEASE }, clusters: ['eu-1'], for: '5s' }]),
    release: RELEASE,
    targets: ALL,
    expected: every('TRANSIENT', inCluster('eu-1')),
  },
];
