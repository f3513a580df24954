import { describe, expect, it } from '@jest/globals';
import { deployed, MINUTE, Obs, ring, running, T0 } from '../../test/train.fixtures.js';
import { decide } from './train.decider.js';
import { fleetHaltReason } from './train.fleet-halt.js';
import type { AttributionResult, FleetSpreadEvidence } from './train.observations.js';
import type { TargetState } from './train.state.js';

const NOW = T0 + MINUTE;
const SPREAD: FleetSpreadEvidence = {
  signature: 'CRASH_LOOP',
  tenants: ['tenant-0', 'tenant-1', 'tenant-2'],
  clusters: ['c0', 'c1'],
};
const HALT: Partial<AttributionResult> = { haltNow: true, fleetSpread: SPREAD };
const failed = (over: Partial<TargetState> = {}): Partial<TargetState> =>
  deployed({ status: 'FAILED', failureSignature: 'CrashLoopBackOff', ...over });
// half of the ring's six targets may fail: a fourth failure exhausts its budget
const wideBudget = () => [ring('a', { maxParallel: 2, failureBudget: { maxFailurePercent: 50 }, bakeMs: MINUTE })];

describe('decide: the fleet signal halts at once', () => {
  it.each<[string, Record<string, Partial<TargetState>>, (o: Obs) => Obs, { status: string; haltedBy?: string }]>([
    [
      'a RELEASE verdict with haltNow halts although the budget holds',
      { 'a-0': failed() },
      (o) => o.attributed('a-0', 'RELEASE', 1, HALT),
      { status: 'HALTED', haltedBy: 'fleet spread' },
    ],
    [
      'the same verdict without haltNow is one failure of the budget: the ring goes on',
      { 'a-0': failed() },
      (o) => o.attributed('a-0', 'RELEASE', 1),
      { status: 'RUNNING' },
    ],
    [
      'a CUSTOMER_CODE verdict whose other tenants meet the fleet signal excludes the target and halts',
      { 'a-0': failed() },
      (o) => o.attributed('a-0', 'CUSTOMER_CODE', 1, HALT),
      { status: 'HALTED', haltedBy: 'fleet spread' },
    ],
    [
      'a haltNow verdict for an earlier attempt is ignored',
      { 'a-0': failed({ attempts: 2 }) },
      (o) => o.attributed('a-0', 'RELEASE', 1, HALT),
      { status: 'RUNNING' },
    ],
    [
      'a verdict the train already acted on does not halt it again (a resumed train)',
      { 'a-0': failed({ cause: 'RELEASE' }) },
      (o) => o.attributed('a-0', 'RELEASE', 1, HALT),
      { status: 'RUNNING' },
    ],
    [
      'with the budget exhausted too, the halt names the fleet spread',
      {
        'a-0': failed(),
        'a-1': failed({ cause: 'RELEASE' }),
        'a-2': failed({ cause: 'RELEASE' }),
        'a-3': failed({ cause: 'RELEASE' }),
      },
      (o) => o.attributed('a-0', 'RELEASE', 1, HALT),
      { status: 'HALTED', haltedBy: 'fleet spread' },
    ],
    [
      'without haltNow an exhausted budget halts as before',
      {
        'a-0': failed(),
        'a-1': failed({ cause: 'RELEASE' }),
        'a-2': failed({ cause: 'RELEASE' }),
        'a-3': failed({ cause: 'RELEASE' }),
      },
      (o) => o.attributed('a-0', 'RELEASE', 1),
      { status: 'HALTED', haltedBy: 'failure budget' },
    ],
  ])('%s', (_name, targets, observe, expected) => {
    const d = decide(running(wideBudget(), [6], { targets }), observe(new Obs()), NOW);
    expect(d.next.status).toBe(expected.status);
    if (expected.haltedBy) expect(d.next.haltReason).toMatch(new RegExp(`^${expected.haltedBy}`));
  });

  it('halts with a reason naming the signature, tenants and clusters, and says so on TRAIN_HALTED', () => {
    const state = running(wideBudget(), [6], { targets: { 'a-0': failed(), 'a-1': deployed() } });
    const d = decide(
      state,
      new Obs().attributed('a-0', 'RELEASE', 1, HALT).target('a-1', { phase: 'Progressing' }),
      NOW,
    );
    expect(d.next.haltReason).toBe(
      'fleet spread in ring a: CRASH_LOOP in 3 tenants (tenant-0, tenant-1, tenant-2) across 2 clusters (c0, c1) on ' +
        'the new release, first judged on a-0; halted at once with 1 of 6 targets failed',
    );
    expect(d.next.rings[0].status).toBe('FAILED');
    // nothing new is deployed, the canary in flight is aborted
    expect(d.actions.filter((a) => a.type === 'deploy')).toEqual([]);
    expect(d.actions.filter((a) => a.type === 'abort').map((a) => a.environment)).toEqual(['a-1']);
    const halted = d.events.find((e) => e.type === 'TRAIN_HALTED');
    expect(halted?.payload).toEqual({
      reason: 'FLEET_SPREAD',
      environment: 'a-0',
      signature: 'CRASH_LOOP',
      tenants: SPREAD.tenants,
      clusters: SPREAD.clusters,
    });
  });

  it('with auto-rollback the train rolls back at once', () => {
    const state = running(wideBudget(), [6], { targets: { 'a-0': failed() }, train: { autoRollback: true } });
    const d = decide(state, new Obs().attributed('a-0', 'RELEASE', 1, HALT), NOW);
    expect(d.next.status).toBe('ROLLING_BACK');
    expect(d.next.haltReason).toMatch(/^fleet spread in ring a: CRASH_LOOP/);
    expect(d.events.map((e) => e.type)).toEqual(expect.arrayContaining(['TRAIN_HALTED', 'ROLLBACK_STARTED']));
  });
});

describe('fleetHaltReason', () => {
  const tenants = Array.from({ length: 8 }, (_, n) => `t${n}`);
  it.each<[string, Parameters<typeof fleetHaltReason>[1], string]>([
    [
      'lists up to five names and counts the rest',
      {
        environment: 'e',
        signature: 'CRASH_LOOP',
        spread: { signature: 'CRASH_LOOP', tenants, clusters: ['c0', 'c1'] },
      },
      'fleet spread in ring r: CRASH_LOOP in 8 tenants (t0, t1, t2, t3, t4, +3 more) across 2 clusters (c0, c1) on the ' +
        'new release, first judged on e; halted at once with 2 of 9 targets failed',
    ],
    [
      'without the spread it names the signature',
      { environment: 'e', signature: 'OOM' },
      'fleet spread in ring r: OOM spread over the fleet on the new release, first judged on e; halted at once with 2 ' +
        'of 9 targets failed',
    ],
  ])('%s', (_name, halt, expected) => {
    expect(fleetHaltReason('r', halt, 2, 9)).toBe(expected);
  });
});
