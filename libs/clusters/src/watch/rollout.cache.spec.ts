import { describe, expect, it } from '@jest/globals';
import type { RolloutObject } from '../kube/kube.types.js';
import { rollout } from '../testing/rollout.fixtures.js';
import { RolloutCache } from './rollout.cache.js';

const T1 = new Date('2026-11-22T07:01:00Z');
const T2 = new Date('2026-11-22T07:02:00Z');

function ro(name: string, rv: string, revision = 'r1'): RolloutObject {
  const base = rollout();
  return {
    ...base,
    metadata: {
      ...base.metadata,
      name,
      resourceVersion: rv,
      annotations: { 'ringmaster.io/customer-revision': revision },
    },
  };
}

const summary = (events: ReturnType<RolloutCache['apply']>) =>
  events.map((e) =>
    e.type === 'rollout-changed'
      ? `${e.change} ${e.name}`
      : e.type === 'customer-revision-changed'
        ? `revision ${e.name} ${e.from}→${e.to} @${e.observedAt.toISOString()}`
        : e.type,
  );

describe('RolloutCache', () => {
  it.each([
    { name: 'first sight is added, no revision change', steps: [['ADDED', ro('a', '1')]], expected: [['added a']] },
    {
      name: 'customer revision change is reported with the time observed',
      steps: [
        ['ADDED', ro('a', '1')],
        ['MODIFIED', ro('a', '2', 'r2')],
      ],
      expected: [['added a'], ['modified a', 'revision a r1→r2 @2026-11-22T07:02:00.000Z']],
    },
    {
      name: 'status-only change is a plain modification',
      steps: [
        ['ADDED', ro('a', '1')],
        ['MODIFIED', ro('a', '2')],
      ],
      expected: [['added a'], ['modified a']],
    },
    {
      name: 'deleted',
      steps: [
        ['ADDED', ro('a', '1')],
        ['DELETED', ro('a', '2')],
      ],
      expected: [['added a'], ['deleted a']],
    },
  ] as const)('$name', ({ steps, expected }) => {
    const cache = new RolloutCache('eu-1');
    const out = steps.map(([type, obj], i) => summary(cache.apply(type, obj as RolloutObject, i === 0 ? T1 : T2)));
    expect(out).toEqual(expected);
  });

  it('a relist reports what changed while the watch was gone, and only that', () => {
    const cache = new RolloutCache('eu-1');
    cache.replace([ro('same', '1'), ro('changed', '1'), ro('gone', '1')], T1);
    const events = cache.replace([ro('same', '1'), ro('changed', '5', 'r9'), ro('new', '6')], T2);
    expect(summary(events)).toEqual([
      'modified changed',
      'revision changed r1→r9 @2026-11-22T07:02:00.000Z',
      'added new',
      'deleted gone',
    ]);
    expect([...cache.values()].map((r) => r.metadata?.name).sort()).toEqual(['changed', 'new', 'same']);
  });

  it('drops managedFields and the last-applied annotation, keeps the rest', () => {
    const cache = new RolloutCache('eu-1');
    const obj = ro('a', '1');
    obj.metadata = {
      ...obj.metadata,
      managedFields: [{ manager: 'kubectl' }],
      annotations: { ...obj.metadata!.annotations, 'kubectl.kubernetes.io/last-applied-configuration': '{...}' },
    };
    cache.apply('ADDED', obj, T1);
    const kept = cache.get('acme-prod', 'a')!;
    expect(kept.metadata?.managedFields).toBeUndefined();
    expect(kept.metadata?.annotations).toEqual({ 'ringmaster.io/customer-revision': 'r1' });
    expect(kept.spec).toEqual(obj.spec);
  });
});
