import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RingPolicy, TrainState } from '@ringmaster/domain';
import type { FleetScenario } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { EngineHarness } from './engine.harness.js';

// The fleet signal end to end over fleet-sim and a real database: a crash-looping release in one ring of eight
// tenants over two clusters, whose budget would let half of them fail, halts the train at once on the spread the
// real ReleaseAttributor finds (the same signature in 3 tenants across 2 clusters), not on its budget.

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase> | TestDatabase][] = [['embedded PGlite', embeddedTestDatabase]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const OLD = '2026.46.0';
const BAD = '2026.47.9';
const ENVIRONMENTS = 8;
const HALF = 50;

const scenario: FleetScenario = {
  name: 'engine-fleet-halt',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: Array.from({ length: ENVIRONMENTS }, (_, n) => ({
      name: `shop-${n}`,
      cluster: n % 2 === 0 ? 'eu-1' : 'us-1',
      tenant: `tenant-${n}`,
      replicas: 1,
      components: ['author'],
    })),
  },
  faults: [{ id: 'bad', kind: 'bad-release', match: { image: BAD }, effect: 'crashloop' }],
};

const cohort: RingPolicy = {
  name: 'cohort',
  kind: 'COHORT',
  selector: '',
  maxParallel: 3,
  bakeMs: 1_000,
  failureBudget: { maxFailurePercent: HALF },
  gate: 'AUTO',
  analysis: {},
};

const counted = (s: TrainState) => s.targets.filter((t) => t.cause === 'RELEASE' || t.cause === 'UNKNOWN').length;

describe.each(modes)('the fleet signal halts a train at once, on %s with fleet-sim', (_mode, database) => {
  const h = new EngineHarness({ scenario, database, releases: [BAD], components: ['author'] });

  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.close());

  it('a crash loop in 3 tenants across 2 clusters halts the ring before its 50% budget is used', async () => {
    const id = await h.startTrain(BAD, { autoRollback: false, rings: [cohort] });
    const state = await h.driveUntil(h.reconciler(), id, (s) => s.status !== 'RUNNING');

    expect(state.status).toBe('HALTED');
    // the engine sees fleet-sim's crash loop as the Rollout's ProgressDeadlineExceeded (its pods are not read)
    const reason =
      /^fleet spread in ring cohort: ([A-Z_]+) in [3-8] tenants \(tenant-\d.*\) across 2 clusters \(eu-1, us-1\) on the new release, first judged on shop-\d; halted at once with \d of 8 targets failed$/;
    expect(state.haltReason).toMatch(reason);
    const signature = reason.exec(state.haltReason!)![1];
    // the budget still held: at most half the ring had failed, and some of it was never deployed
    expect(counted(state) * 100).toBeLessThanOrEqual(HALF * ENVIRONMENTS);
    expect(state.targets.some((t) => t.attempts === 0)).toBe(true);
    expect(state.rings[0].status).toBe('FAILED');

    const events = await h.events(id);
    const halted = events.filter((e) => e.type === 'TRAIN_HALTED');
    expect(halted).toHaveLength(1);
    expect(halted[0].payload).toMatchObject({
      reason: 'FLEET_SPREAD',
      signature,
      clusters: ['eu-1', 'us-1'],
    });
    expect((halted[0].payload as { tenants: string[] }).tenants.length).toBeGreaterThanOrEqual(3);
    const rows = await h.attributions.listForTrain(id);
    const spreadRow = rows.find((r) => r.environment === (halted[0].payload as { environment: string }).environment);
    expect(spreadRow).toMatchObject({ cause: 'RELEASE', signature });
    expect(spreadRow!.evidence.some((e) => /^Spread: \d target\(s\) in [3-8] tenants across 2 clusters/.test(e))).toBe(
      true,
    );
  }, 60_000);
});
