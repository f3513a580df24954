import { describe, expect, it } from '@jest/globals';
import type { RingPlan, RingPolicy } from './ring-plan.model.js';
import { assignRings, type EnvironmentForAssignment } from './ring.assignment.js';

const ring = (name: string, selector: string): RingPolicy => ({
  name,
  kind: 'COHORT',
  selector,
  maxParallel: 1,
  bakeMs: 0,
  failureBudget: { maxFailures: 0 },
  gate: 'AUTO',
  analysis: {},
});

const envs: EnvironmentForAssignment[] = [
  { name: 'int-1', labels: { tenant: 'internal', region: 'eu' } },
  { name: 'acme-eu', labels: { tenant: 'acme', region: 'eu' } },
  { name: 'acme-us', labels: { tenant: 'acme', region: 'us' } },
  { name: 'globex-us', labels: { tenant: 'globex', region: 'us', cohort: 'early' } },
];

const assigned = (plan: RingPlan) => {
  const result = assignRings(plan, envs);
  return {
    rings: Object.fromEntries(result.rings.map((r) => [r.ring, r.environments.map((e) => e.name)])),
    unassigned: result.unassigned.map((e) => e.name),
  };
};

describe('assignRings', () => {
  it.each([
    [
      'the first matching ring wins; the last ring takes the rest',
      [ring('internal', 'tenant=internal'), ring('eu', 'region=eu'), ring('all', '')],
      { rings: { internal: ['int-1'], eu: ['acme-eu'], all: ['acme-us', 'globex-us'] }, unassigned: [] },
    ],
    [
      'environments no ring selects are reported',
      [ring('internal', 'tenant=internal'), ring('early', 'cohort=early')],
      { rings: { internal: ['int-1'], early: ['globex-us'] }, unassigned: ['acme-eu', 'acme-us'] },
    ],
    [
      'a ring shadowed by an earlier one gets nothing',
      [ring('all', ''), ring('eu', 'region=eu')],
      { rings: { all: ['int-1', 'acme-eu', 'acme-us', 'globex-us'], eu: [] }, unassigned: [] },
    ],
    [
      'set-based selectors',
      [ring('customers', 'tenant notin (internal),region in (us)'), ring('rest', '!cohort')],
      { rings: { customers: ['acme-us', 'globex-us'], rest: ['int-1', 'acme-eu'] }, unassigned: [] },
    ],
  ])('%s', (_name, rings, expected) => {
    expect(assigned({ name: 'p', rings, autoRollback: false })).toEqual(expected);
  });

  it('keeps the ring index and order of the plan', () => {
    const result = assignRings({ name: 'p', rings: [ring('a', 'x=1'), ring('b', '')], autoRollback: false }, envs);
    expect(result.rings.map((r) => [r.ring, r.ringIndex])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });
});
