import { describe, expect, it } from '@jest/globals';
import {
  deployment,
  NEW_IMAGE,
  OLD_IMAGE,
  pausedRollout,
  replicaSet,
  rollout,
  workloadRefRollout,
} from '../testing/rollout.fixtures.js';
import { cleanTemplate, isDerivative, planUndo } from './undo.patch.js';

const MID_IMAGE = 'registry.example/cms/author:2026.45.2';
const history = [
  replicaSet(2, MID_IMAGE, 'aaaaa11111'),
  replicaSet(3, OLD_IMAGE, '6d8f7b9c5', { secret: 'author-credentials-7f9c2' }),
  replicaSet(4, NEW_IMAGE, '7c9d8f6b4', { secret: 'author-credentials-91ab4' }),
  replicaSet(9, 'other:1', 'zzzzz99999', { owner: 'someone-else' }),
];

describe('planUndo (kubectl argo rollouts undo)', () => {
  it('restores the previous revision template without the hash and ephemeral labels, by JSON patch', () => {
    const out = planUndo(pausedRollout(), history, { kind: 'previous' });
    expect(out.restore?.revision).toBe(3);
    expect(out.restore?.replicaSet).toBe('author-6d8f7b9c5');
    expect(out.restore?.template.metadata?.labels).toEqual({ app: 'author' });
    expect(out.plan).toEqual({
      kind: 'patch',
      patches: [
        {
          target: { resource: 'rollout', namespace: 'acme-prod', name: 'author' },
          type: 'json',
          body: [{ op: 'replace', path: '/spec/template', value: out.restore!.template }],
        },
      ],
    });
  });

  it.each([
    {
      name: 'image target on the previous revision',
      target: { kind: 'image', component: 'author', image: OLD_IMAGE },
      revision: 3,
      kind: 'patch',
    },
    {
      name: 'image target on an older revision',
      target: { kind: 'image', component: 'author', image: MID_IMAGE },
      revision: 2,
      kind: 'patch',
    },
    {
      name: 'image target already in the template',
      target: { kind: 'image', component: 'author', image: NEW_IMAGE },
      revision: undefined,
      kind: 'noop',
    },
    {
      name: 'image no revision runs',
      target: { kind: 'image', component: 'author', image: 'nowhere:0' },
      revision: undefined,
      kind: 'rejected',
    },
    {
      name: 'image of a ReplicaSet owned by another rollout',
      target: { kind: 'image', component: 'author', image: 'other:1' },
      revision: undefined,
      kind: 'rejected',
    },
  ] as const)('$name → $kind', ({ target, revision, kind }) => {
    const out = planUndo(pausedRollout(), history, target);
    expect(out.plan.kind).toBe(kind);
    expect(out.restore?.revision).toBe(revision);
  });

  it('is a noop when the template already matches the revision, ignoring hash, role labels and defaulted fields', () => {
    // rollout() holds revision 3's template without the fields the API server defaulted into the ReplicaSet
    const out = planUndo(rollout(), history, { kind: 'previous' });
    expect(out.restore?.revision).toBe(3);
    expect(out.plan).toEqual({ kind: 'noop', reason: 'template already matches revision 3' });
  });

  it('is rejected without a previous revision', () => {
    expect(planUndo(rollout(), [history[1]], { kind: 'previous' }).plan).toEqual({
      kind: 'rejected',
      reason: 'no previous revision found',
    });
  });

  it('patches the workloadRef Deployment', () => {
    const out = planUndo(
      workloadRefRollout(),
      history,
      { kind: 'image', component: 'author', image: OLD_IMAGE },
      deployment(NEW_IMAGE),
    );
    expect(out.plan.kind === 'patch' && out.plan.patches[0].target).toEqual({
      resource: 'deployment',
      namespace: 'acme-prod',
      name: 'author',
    });
  });

  it('is rejected for a workloadRef Rollout whose Deployment was not observed', () => {
    expect(planUndo(workloadRefRollout(), history, { kind: 'previous' }).plan.kind).toBe('rejected');
  });
});

describe('cleanTemplate', () => {
  it('keeps user labels equal in key but not value to the ephemeral ones', () => {
    const tpl = { metadata: { labels: { app: 'a', role: 'admin', 'rollouts-pod-template-hash': 'h' } } };
    expect(cleanTemplate(tpl, rollout()).metadata?.labels).toEqual({ app: 'a', role: 'admin' });
  });

  it('leaves the ReplicaSet template it copies from (a watch cache object) as it was', () => {
    const tpl = {
      metadata: { labels: { app: 'a', 'rollouts-pod-template-hash': 'h' } },
      spec: { containers: [{ name: 'author', image: 'cms/author:1' }] },
    };
    const before = structuredClone(tpl);
    const cleaned = cleanTemplate(tpl, rollout());
    expect(tpl).toEqual(before);
    expect(cleaned.spec).toEqual(before.spec);
  });
});

describe('isDerivative (Semantic.DeepDerivative)', () => {
  it.each([
    { name: 'unset field in a is ignored', a: { x: 1 }, b: { x: 1, y: 2 }, expected: true },
    { name: 'different value', a: { x: 1 }, b: { x: 2 }, expected: false },
    { name: 'arrays differ in length', a: [1], b: [1, 2], expected: false },
    { name: 'nested objects in arrays', a: [{ n: 'c' }], b: [{ n: 'c', pull: 'IfNotPresent' }], expected: true },
    { name: 'set in a, missing in b', a: { x: 1 }, b: {}, expected: false },
  ])('$name', ({ a, b, expected }) => {
    expect(isDerivative(a, b)).toBe(expected);
  });
});
