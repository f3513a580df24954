import { describe, expect, it } from '@jest/globals';
import { applyPatchBody } from './patch.js';
import { ApiError } from './status.js';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';

const rollout = () => ({
  metadata: { name: 'author', resourceVersion: '41', annotations: { 'rollout.argoproj.io/revision': '3' } },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'author', image: 'cms/author:1' },
          { name: 'log-shipper', image: 'fluent-bit:3' },
        ],
      },
    },
  },
  status: { phase: 'Healthy' },
});
const image0 = '/spec/template/spec/containers/0/image';

/** The error `applyPatchBody` throws, as its wire status. */
function statusOf(patch: () => unknown) {
  try {
    patch();
  } catch (e) {
    if (e instanceof ApiError) return e.toStatus();
    throw e;
  }
  throw new Error('the patch applied');
}

describe('applyPatchBody: RFC 6902 JSON patch', () => {
  it.each([
    {
      name: 'test then replace: applied',
      ops: [
        { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'author' },
        { op: 'test', path: image0, value: 'cms/author:1' },
        { op: 'replace', path: image0, value: 'cms/author:2' },
      ],
      check: (o: ReturnType<typeof rollout>) => o.spec.template.spec.containers[0].image === 'cms/author:2',
    },
    {
      name: 'add of an annotation whose key holds "/" (escaped ~1)',
      ops: [{ op: 'add', path: '/metadata/annotations/ringmaster.io~1train', value: 't-1' }],
      check: (o: ReturnType<typeof rollout>) =>
        (o.metadata.annotations as Record<string, string>)['ringmaster.io/train'] === 't-1' &&
        o.metadata.annotations['rollout.argoproj.io/revision'] === '3',
    },
    {
      name: 'test compares JSON values, not key order',
      ops: [
        { op: 'test', path: '/spec/template/spec/containers/1', value: { image: 'fluent-bit:3', name: 'log-shipper' } },
      ],
      check: () => true,
    },
    {
      name: 'remove, add at the end (-), move and copy',
      ops: [
        { op: 'remove', path: '/spec/template/spec/containers/1' },
        { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'side', image: 's:1' } },
        { op: 'copy', from: '/metadata/annotations', path: '/metadata/labels' },
        { op: 'move', from: '/status/phase', path: '/status/was' },
      ],
      check: (o: ReturnType<typeof rollout>) =>
        o.spec.template.spec.containers[1].name === 'side' &&
        (o.metadata as Record<string, unknown>).labels !== undefined &&
        (o.status as Record<string, unknown>).was === 'Healthy' &&
        o.status.phase === undefined,
    },
  ])('$name', ({ ops, check }) => {
    const before = rollout();
    const out = applyPatchBody(before, JSON_PATCH, ops) as ReturnType<typeof rollout>;
    expect(check(out)).toBe(true);
    expect(before).toEqual(rollout()); // the stored object is not touched
  });

  // what kube-apiserver answers for a JSON patch that does not apply: 422 Invalid, a fixed message, empty details
  it.each([
    { name: 'a failed test (someone changed the image)', ops: [{ op: 'test', path: image0, value: 'cms/author:0' }] },
    { name: 'a test of a path that does not exist', ops: [{ op: 'test', path: '/metadata/labels', value: null }] },
    {
      name: 'a replace at an index past the end',
      ops: [{ op: 'replace', path: '/spec/template/spec/containers/2/image', value: 'x' }],
    },
    { name: 'an op RFC 6902 does not define', ops: [{ op: 'merge', path: '/spec', value: {} }] },
  ])('$name → 422 Invalid, nothing applied', ({ ops }) => {
    expect(statusOf(() => applyPatchBody(rollout(), JSON_PATCH, ops))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  });

  it('a failed test after a replace in the same patch applies neither (a patch is atomic)', () => {
    const ops = [
      { op: 'replace', path: image0, value: 'cms/author:2' },
      { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'author' },
    ];
    const before = rollout();
    expect(statusOf(() => applyPatchBody(before, JSON_PATCH, ops)).code).toBe(422);
    expect(before).toEqual(rollout());
  });

  it('a body that is not an array of operations → 400 BadRequest', () => {
    expect(statusOf(() => applyPatchBody(rollout(), JSON_PATCH, { op: 'test' }))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
    });
  });

  it('a merge patch still merges', () => {
    const out = applyPatchBody(rollout(), MERGE_PATCH, { metadata: { annotations: { a: 'b' } } }) as {
      metadata: { annotations: Record<string, string> };
    };
    expect(out.metadata.annotations).toEqual({ 'rollout.argoproj.io/revision': '3', a: 'b' });
  });
});
