import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RingPolicy, TrainState } from '@ringmaster/domain';
import type { FleetScenario } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase } from '@ringmaster/persistence';
import { EngineHarness } from './engine.harness.js';

// Argo Rollouts' workloadRef form: the pod template lives in a Deployment the Rollout references. A train must see
// such targets run the release (their image is read from the Deployment) to carry them through a ring, and roll
// them back to the previous images.

const OLD = '2026.46.0';
const GOOD = '2026.47.0';
const BAD = '2026.47.1';

const scenario: FleetScenario = {
  name: 'engine-workload-ref',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: [
      ['wr-a', 'eu-1', 'acme'],
      ['wr-b', 'us-1', 'globex'],
      ['wr-c', 'eu-1', 'initech'],
    ].map(([name, cluster, tenant]) => ({
      name: name!,
      cluster: cluster!,
      tenant,
      replicas: 1,
      components: ['author', 'publish'],
      workloadRef: true,
    })),
  },
  faults: [{ kind: 'bad-release', match: { image: BAD }, effect: 'crashloop' }],
};

const ring: RingPolicy = {
  name: 'everyone',
  kind: 'ALL',
  selector: '',
  maxParallel: 3,
  bakeMs: 500,
  failureBudget: { maxFailures: 0 },
  gate: 'AUTO',
  analysis: {},
};

const finished = (s: TrainState) => ['COMPLETED', 'ROLLED_BACK', 'HALTED', 'CANCELLED'].includes(s.status);

describe('a train over workloadRef Rollouts', () => {
  const h = new EngineHarness({
    scenario,
    database: embeddedTestDatabase,
    releases: [GOOD, BAD],
    components: ['author', 'publish'],
  });
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.close();
  });

  it('completes a good release: every Deployment carries it and the Rollouts settle on it', async () => {
    const id = await h.startTrain(GOOD, { autoRollback: true, rings: [ring] });
    const state = await h.driveUntil(h.reconciler(), id, finished);
    expect(state.status).toBe('COMPLETED');
    expect(state.targets.map((t) => t.status)).toEqual(['HEALTHY', 'HEALTHY', 'HEALTHY']);
    const [observed] = await h.fleet.driver.observe([
      { environment: 'wr-a', cluster: 'eu-1', namespace: 'wr-a', components: components() },
    ]);
    expect(observed!.components.map((c) => c.status?.image)).toEqual([`cms/author:${GOOD}`, `cms/publish:${GOOD}`]);
  });

  it('halts a crash-looping release and rolls the Deployments back to the previous images', async () => {
    const id = await h.startTrain(BAD, { autoRollback: true, rings: [ring] });
    const state = await h.driveUntil(h.reconciler(), id, finished);
    expect(state.status).toBe('ROLLED_BACK');
    const touched = state.targets.filter((t) => t.attempts > 0);
    expect(touched.length).toBeGreaterThan(0);
    for (const t of touched) {
      expect(t.status).toBe('ROLLED_BACK');
      expect(t.previousImages).toEqual({ author: `cms/author:${GOOD}`, publish: `cms/publish:${GOOD}` });
    }
  });
});

function components() {
  return ['author', 'publish'].map((component) => ({ component, rollout: component }));
}
