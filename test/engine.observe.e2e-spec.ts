import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatDuration, type AttributionResult, type RingPolicy, type TrainState } from '@ringmaster/domain';
import type { FleetScenario } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { AttributionOverrides } from '../apps/ringmaster/src/attribution/attribution.override.service.js';
import type { TargetAttributionRequest, TargetAttributor } from '../apps/ringmaster/src/engine/target-attributor.js';
import type { RingInput } from '../apps/ringmaster/src/ring-plans/ring-plan.model.js';
import { RingPlanRepository } from '../apps/ringmaster/src/ring-plans/ring-plan.repository.js';
import { UpsertRingPlan } from '../apps/ringmaster/src/ring-plans/upsert-ring-plan.usecase.js';
import { EngineHarness } from './engine.harness.js';

// What the reconciler observes beyond the clusters, end to end over fleet-sim and a real database: attributions
// (the real ReleaseAttributor, customer revision changes from the inventory's discovery), stored answers and
// overrides across a restart, transient retries with backoff, and freeze windows (set as upsertRingPlan sets them)
// at an injected clock.

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase> | TestDatabase][] = [['embedded PGlite', embeddedTestDatabase]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const OLD = '2026.46.0';
const GOOD = '2026.47.0';
const HOUR = 3_600_000;

/** Each test's environments carry their own `group` label, so each train takes only its own. */
const envs = [
  ['cc-a', 'eu-1', 'acme'],
  ['cc-b', 'us-1', 'globex'],
  ['cc-c', 'eu-1', 'initech'],
  ['tr-a', 'eu-1', 'hooli'],
  ['tr-b', 'us-1', 'pied'],
  ['fz-a', 'eu-1', 'vandelay'],
  ['fz-b', 'us-1', 'wonka'],
  ['ov-a', 'eu-1', 'tyrell'],
  ['ov-b', 'us-1', 'cyberdyne'],
] as const;

const scenario: FleetScenario = {
  name: 'engine-observe',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: envs.map(([name, cluster, tenant]) => ({
      name,
      cluster,
      tenant,
      replicas: 1,
      components: ['author'],
      customerRevision: 'r1',
      labels: { group: name.split('-')[0], step: name.endsWith('-b') ? 'second' : 'first' },
    })),
  },
};

function ring(name: string, selector: string, over: Partial<RingPolicy> = {}): RingPolicy {
  return {
    name,
    kind: 'COHORT',
    selector,
    maxParallel: 3,
    bakeMs: 1_000,
    failureBudget: { maxFailures: 0 },
    gate: 'AUTO',
    analysis: {},
    ...over,
  };
}

/** A ring as upsertRingPlan takes it. */
function ringInput(r: RingPolicy): RingInput {
  return {
    name: r.name,
    kind: r.kind,
    selector: r.selector,
    maxParallel: r.maxParallel,
    bake: formatDuration(r.bakeMs),
    failureBudget: { ...r.failureBudget },
    gate: r.gate,
  };
}

/** Answers TRANSIENT for the named environments' first attempt, and asks the real attributor otherwise. */
class FirstAttemptTransient implements TargetAttributor {
  constructor(
    private readonly environments: ReadonlySet<string>,
    private readonly real: TargetAttributor,
  ) {}

  attribute(request: TargetAttributionRequest): Promise<AttributionResult> {
    if (!this.environments.has(request.environment) || request.attempt > 1) return this.real.attribute(request);
    return Promise.resolve({ attempt: request.attempt, cause: 'TRANSIENT', confidence: 0.9, evidence: ['scripted'] });
  }
}

const target = (s: TrainState, env: string) => s.targets.find((t) => t.environment === env)!;
const settled = (s: TrainState) => ['COMPLETED', 'HALTED', 'ROLLED_BACK'].includes(s.status);

describe.each(modes)('engine observations on %s with fleet-sim', (_mode, database) => {
  const h = new EngineHarness({ scenario, database, releases: [GOOD], components: ['author'] });

  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.close());

  it('a customer-code crash loop is CUSTOMER_CODE: excluded with an event for its tenant, no budget used', async () => {
    h.sim.injectFault({ kind: 'customer-code', environment: 'cc-b', revision: 'r2', effect: 'crashloop' });
    // the inventory records the customer's revision change, as its watch-driven sync would
    for (let n = 0; ; n++) {
      await h.discover();
      const env = await h.prisma.environment.findUniqueOrThrow({ where: { name: 'cc-b' } });
      if (env.customerRevision === 'r2') break;
      if (n > 50) throw new Error('the revision change was never discovered');
      await new Promise((r) => setTimeout(r, 100));
    }
    const id = await h.startTrain(GOOD, { autoRollback: true, rings: [ring('cohort', 'group=cc')] });
    const state = await h.driveUntil(h.reconciler(), id, settled);

    expect(state.status).toBe('COMPLETED');
    expect(target(state, 'cc-b')).toMatchObject({ status: 'EXCLUDED', cause: 'CUSTOMER_CODE' });
    expect(['cc-a', 'cc-c'].map((e) => target(state, e).status)).toEqual(['HEALTHY', 'HEALTHY']);
    const events = await h.events(id);
    const excluded = events.find((e) => e.type === 'TARGET_EXCLUDED');
    expect(excluded).toMatchObject({ environment: 'cc-b', payload: { reason: 'CUSTOMER_CODE', tenant: 'globex' } });
    const [row] = await h.attributions.listForTrain(id);
    expect(row).toMatchObject({ environment: 'cc-b', cause: 'CUSTOMER_CODE' });
    expect(row.evidence.some((e) => e.startsWith('Customer change'))).toBe(true);
  }, 60_000);

  it('a TRANSIENT failure is retried after the backoff and the retry succeeds once the fault clears', async () => {
    const fault = h.sim.injectFault({ kind: 'image-pull', match: { image: `author:${GOOD}` }, environments: ['tr-a'] });
    const id = await h.startTrain(GOOD, { autoRollback: false, rings: [ring('cohort', 'group=tr')] });
    const reconciler = h.reconciler({ attributor: new FirstAttemptTransient(new Set(['tr-a']), h.attributor) });
    const waiting = await h.driveUntil(reconciler, id, (s) => target(s, 'tr-a').status === 'RETRYING' || settled(s));
    expect(target(waiting, 'tr-a')).toMatchObject({ status: 'RETRYING', cause: 'TRANSIENT', attempts: 1 });
    h.sim.clearFaults(fault); // the registry is back before the retry
    const state = await h.driveUntil(reconciler, id, settled);

    expect(state.status).toBe('COMPLETED');
    expect(target(state, 'tr-a')).toMatchObject({ status: 'HEALTHY', attempts: 2 });
    const events = await h.events(id);
    const failed = events.find((e) => e.type === 'TARGET_FAILED' && e.environment === 'tr-a')!;
    const retrying = events.find((e) => e.type === 'TARGET_RETRYING' && e.environment === 'tr-a')!;
    const nextAttemptAt = (retrying.payload as { nextAttemptAt: number }).nextAttemptAt;
    expect(nextAttemptAt - failed.occurredAt.getTime()).toBeGreaterThanOrEqual(1_000);
    const redeployed = events.filter((e) => e.environment === 'tr-a' && e.occurredAt.getTime() >= nextAttemptAt);
    expect(redeployed.some((e) => e.type === 'TARGET_FAILED')).toBe(false);
    expect(events.some((e) => e.type === 'TRAIN_HALTED')).toBe(false);
  }, 60_000);

  it('a freeze window of the ring plan holds the next ring of a running train and it continues after', async () => {
    const base = Date.now();
    let offset = 0;
    const clock = () => Date.now() + offset;
    const freeze = { kind: 'ONE_OFF', from: iso(base + HOUR), to: iso(base + 2 * HOUR), reason: 'year end' };
    // the window is set as upsertRingPlan sets it (validated, stored on the plan), and read by the engine each pass
    const rings = [ring('first', 'group=fz,step=first'), ring('second', 'group=fz,step=second')];
    const upserted = await new UpsertRingPlan(new RingPlanRepository(h.prisma)).execute({
      name: 'freeze-plan',
      rings: rings.map(ringInput),
      freezeWindows: [freeze],
    });
    expect(upserted.freezeWindows).toEqual([freeze]);
    const id = await h.startTrain(GOOD, { autoRollback: false, rings }, { ringPlan: 'freeze-plan', now: base });
    const reconciler = h.reconciler();
    await h.driveUntil(reconciler, id, (s) => s.rings[0].status === 'BAKING', { clock });

    offset = HOUR + 60_000; // inside the freeze: the first ring finishes its bake, the second waits
    const held = await h.driveUntil(reconciler, id, (s) => s.rings[0].status === 'PASSED', { clock });
    for (let pass = 0; pass < 3; pass++) await reconciler.reconcile(id, clock());
    const loaded = (await h.store.load(id))!;
    expect(held.status).toBe('RUNNING');
    expect(loaded.state.rings[1].status).toBe('PENDING');
    expect(loaded.nextReconcileAt).toBe(base + 2 * HOUR);
    expect(h.sim.imageHistory('fz-b').some((c) => c.image.includes(GOOD))).toBe(false);

    offset = 2 * HOUR + 60_000; // after the freeze
    const done = await h.driveUntil(reconciler, id, settled, { clock });
    expect(done.status).toBe('COMPLETED');
    expect(target(done, 'fz-b').status).toBe('HEALTHY');
  }, 60_000);

  it('an override stored while another replica held the train reaches decide after it takes over', async () => {
    // no discovery after the fault: no customer change is known, so the crash loop is judged UNKNOWN
    h.sim.injectFault({ kind: 'customer-code', environment: 'ov-a', revision: 'r9', effect: 'crashloop' });
    const id = await h.startTrain(GOOD, {
      autoRollback: false,
      rings: [ring('cohort', 'group=ov', { bakeMs: 60 * 60_000, failureBudget: { maxFailures: 1 } })],
    });
    const first = h.reconciler({ instanceId: 'replica-1' });
    const judged = await h.driveUntil(first, id, (s) => target(s, 'ov-a').cause !== undefined);
    expect(target(judged, 'ov-a')).toMatchObject({ status: 'FAILED', cause: 'UNKNOWN' });

    const [row] = await h.attributions.listForTrain(id);
    await new AttributionOverrides(h.attributions).override(
      row.id,
      'CUSTOMER_CODE',
      'tyrell pushed a bad build',
      'token:alice',
      new Date(),
    );
    // replica-1 is gone; replica-2 takes the lease once it expires and has none of replica-1's answers in memory
    const later = Date.now() + 11_000;
    const second = h.reconciler({ instanceId: 'replica-2' });
    expect((await second.reconcile(id, later)).outcome).toBe('done');
    const after = (await h.store.load(id))!.state;
    expect(target(after, 'ov-a')).toMatchObject({ status: 'EXCLUDED', cause: 'CUSTOMER_CODE' });
    const events = await h.events(id);
    expect(events.some((e) => e.type === 'ATTRIBUTED' && /overridden by token:alice/.test(e.message))).toBe(true);
    expect(events.some((e) => e.type === 'TARGET_EXCLUDED' && e.environment === 'ov-a')).toBe(true);
  }, 60_000);
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
