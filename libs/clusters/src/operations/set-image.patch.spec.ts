import { describe, expect, it } from '@jest/globals';
import { deployment, NEW_IMAGE, OLD_IMAGE, rollout, workloadRefRollout } from '../testing/rollout.fixtures.js';
import { planSetImage } from './set-image.patch.js';

describe('planSetImage', () => {
  it.each([
    { name: 'inline template, new image', ro: rollout(), dep: undefined, image: NEW_IMAGE, kind: 'patch' },
    { name: 'inline template, same image', ro: rollout(), dep: undefined, image: OLD_IMAGE, kind: 'noop' },
    { name: 'workloadRef, new image', ro: workloadRefRollout(), dep: deployment(), image: NEW_IMAGE, kind: 'patch' },
    {
      name: 'workloadRef, same image',
      ro: workloadRefRollout(),
      dep: deployment(NEW_IMAGE),
      image: NEW_IMAGE,
      kind: 'noop',
    },
    {
      name: 'workloadRef, Deployment not observed',
      ro: workloadRefRollout(),
      dep: undefined,
      image: NEW_IMAGE,
      kind: 'rejected',
    },
    {
      name: 'no containers',
      ro: rollout({ spec: { template: { spec: { containers: [] } } } }),
      dep: undefined,
      image: NEW_IMAGE,
      kind: 'rejected',
    },
  ])('$name → $kind', ({ ro, dep, image, kind }) => {
    expect(planSetImage(ro, 'author', image, dep).kind).toBe(kind);
  });

  it('tests the container name and image at its index, then replaces the image: no resourceVersion lock', () => {
    expect(planSetImage(rollout(), 'author', NEW_IMAGE)).toEqual({
      kind: 'patch',
      patches: [
        {
          target: { resource: 'rollout', namespace: 'acme-prod', name: 'author' },
          type: 'json',
          body: [
            { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'author' },
            { op: 'test', path: '/spec/template/spec/containers/0/image', value: OLD_IMAGE },
            { op: 'replace', path: '/spec/template/spec/containers/0/image', value: NEW_IMAGE },
          ],
        },
      ],
    });
  });

  it.each([
    { name: 'container named like the component', component: 'author', index: 0, container: 'author' },
    {
      name: 'first container when none is named like the component',
      component: 'publish',
      index: 0,
      container: 'author',
    },
    {
      name: 'sidecar when the component is named like it',
      component: 'log-shipper',
      index: 1,
      container: 'log-shipper',
    },
  ])('picks the $name', ({ component, index, container }) => {
    const plan = planSetImage(rollout(), component, 'x:1');
    if (plan.kind !== 'patch') throw new Error(plan.reason);
    expect(plan.patches[0].body).toEqual([
      { op: 'test', path: `/spec/template/spec/containers/${index}/name`, value: container },
      expect.objectContaining({ op: 'test', path: `/spec/template/spec/containers/${index}/image` }),
      { op: 'replace', path: `/spec/template/spec/containers/${index}/image`, value: 'x:1' },
    ]);
  });

  it('adds the image of a container that has none (nothing to test)', () => {
    const ro = rollout({ spec: { template: { spec: { containers: [{ name: 'author' }] } } } });
    const plan = planSetImage(ro, 'author', NEW_IMAGE);
    if (plan.kind !== 'patch') throw new Error(plan.reason);
    expect(plan.patches[0].body).toEqual([
      { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'author' },
      { op: 'add', path: '/spec/template/spec/containers/0/image', value: NEW_IMAGE },
    ]);
  });

  it('patches the workloadRef Deployment, tested against the Deployment', () => {
    const dep = deployment();
    const plan = planSetImage(workloadRefRollout(), 'author', NEW_IMAGE, dep);
    if (plan.kind !== 'patch') throw new Error(plan.reason);
    expect(plan.patches[0].target).toEqual({ resource: 'deployment', namespace: 'acme-prod', name: 'author' });
    expect(plan.patches[0].type).toBe('json');
    expect(plan.patches[0].body).toContainEqual({
      op: 'test',
      path: '/spec/template/spec/containers/0/image',
      value: dep.spec!.template!.spec!.containers![0].image,
    });
  });

  it('does not modify the observed object', () => {
    const ro = rollout();
    const before = structuredClone(ro);
    planSetImage(ro, 'author', NEW_IMAGE);
    expect(ro).toEqual(before);
  });
});
