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

  it('sends the full containers array with only the component image changed, guarded by resourceVersion', () => {
    const ro = rollout();
    const plan = planSetImage(ro, 'author', NEW_IMAGE);
    expect(plan).toEqual({
      kind: 'patch',
      patches: [
        {
          target: { resource: 'rollout', namespace: 'acme-prod', name: 'author' },
          type: 'merge',
          body: {
            metadata: { resourceVersion: '48213' },
            spec: {
              template: {
                spec: {
                  containers: [
                    { ...ro.spec!.template!.spec!.containers![0], image: NEW_IMAGE },
                    ro.spec!.template!.spec!.containers![1],
                  ],
                },
              },
            },
          },
        },
      ],
    });
  });

  it.each([
    { name: 'container named like the component', component: 'author', changed: 0 },
    { name: 'first container when none is named like the component', component: 'publish', changed: 0 },
    { name: 'sidecar when the component is named like it', component: 'log-shipper', changed: 1 },
  ])('picks the $name', ({ component, changed }) => {
    const plan = planSetImage(rollout(), component, 'x:1');
    if (plan.kind !== 'patch') throw new Error(plan.reason);
    const containers = (plan.patches[0].body as { spec: { template: { spec: { containers: { image: string }[] } } } })
      .spec.template.spec.containers;
    expect(containers.map((c) => c.image === 'x:1')).toEqual([changed === 0, changed === 1]);
  });

  it('patches the workloadRef Deployment with its own resourceVersion', () => {
    const plan = planSetImage(workloadRefRollout(), 'author', NEW_IMAGE, deployment());
    if (plan.kind !== 'patch') throw new Error(plan.reason);
    expect(plan.patches[0].target).toEqual({ resource: 'deployment', namespace: 'acme-prod', name: 'author' });
    expect(plan.patches[0].body).toMatchObject({ metadata: { resourceVersion: '9911' } });
  });

  it('does not modify the observed object', () => {
    const ro = rollout();
    const before = structuredClone(ro);
    planSetImage(ro, 'author', NEW_IMAGE);
    expect(ro).toEqual(before);
  });
});
