import { describe, expect, it } from '@jest/globals';
import { ANNOTATION_ATTEMPT, ANNOTATION_TRAIN } from '../kube/kube.constants.js';
import { planSetImage } from '../operations/set-image.patch.js';
import type { PlannedPatch } from '../operations/patch.types.js';
import { deployment, NEW_IMAGE, rollout, workloadRefRollout } from '../testing/rollout.fixtures.js';
import { stampOnlyPatch, withStamp } from './deploy.stamp.js';

const STAMP = { train: 'train-7', attempt: 2 };
const escaped = (key: string) => `/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
const imagePatches = (ro = rollout()): PlannedPatch[] => {
  const plan = planSetImage(ro, 'author', NEW_IMAGE, ro.spec?.workloadRef ? deployment() : undefined);
  if (plan.kind !== 'patch') throw new Error(plan.kind);
  return plan.patches;
};
const stamped = rollout({
  metadata: {
    ...rollout().metadata,
    annotations: { [ANNOTATION_TRAIN]: STAMP.train, [ANNOTATION_ATTEMPT]: String(STAMP.attempt) },
  },
});

describe('withStamp', () => {
  it('inline template: the stamp rides in the image JSON patch, as adds after its tests (one write)', () => {
    const [patch] = imagePatches();
    expect(withStamp([patch], rollout(), STAMP)).toEqual([
      {
        ...patch,
        body: [
          ...(patch.body as unknown[]),
          { op: 'add', path: escaped(ANNOTATION_TRAIN), value: 'train-7' },
          { op: 'add', path: escaped(ANNOTATION_ATTEMPT), value: '2' },
        ],
      },
    ]);
  });

  it.each([
    {
      name: 'workloadRef: the image goes to the Deployment, the stamp to the Rollout after it',
      ro: workloadRefRollout(),
    },
    {
      name: 'a Rollout without annotations: the stamp is a merge patch of its own (an add of the whole map could drop a key)',
      ro: rollout({ metadata: { ...rollout().metadata, annotations: undefined } }),
    },
  ])('$name', ({ ro }) => {
    const list = imagePatches(ro);
    expect(withStamp(list, ro, STAMP)).toEqual([
      ...list,
      stampOnlyPatch(ro.metadata!.namespace!, ro.metadata!.name!, STAMP),
    ]);
  });

  it.each([
    { name: 'no stamp asked for', ro: rollout(), stamp: undefined },
    { name: 'the Rollout already carries the stamp', ro: stamped, stamp: STAMP },
  ])('$name: the patches as they are', ({ ro, stamp }) => {
    const list = imagePatches(ro);
    expect(withStamp(list, ro, stamp)).toEqual(list);
  });

  it('adds the stamp to a merge patch of the Rollout', () => {
    const merge: PlannedPatch = {
      target: { resource: 'rollout', namespace: 'acme-prod', name: 'author' },
      type: 'merge',
      body: { spec: { paused: false } },
    };
    expect(withStamp([merge], rollout(), STAMP)).toEqual([
      {
        ...merge,
        body: {
          spec: { paused: false },
          metadata: { annotations: { [ANNOTATION_TRAIN]: 'train-7', [ANNOTATION_ATTEMPT]: '2' } },
        },
      },
    ]);
  });
});
