import { describe, expect, it } from '@jest/globals';
import { pod } from '../testing/rollout.fixtures.js';
import { podFailureSignals } from './pod-signals.js';

const crashLoop = (restarts: number, lastReason = 'Error') => ({
  name: 'author',
  ready: false,
  restartCount: restarts,
  state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=author' } },
  lastState: { terminated: { reason: lastReason, exitCode: lastReason === 'OOMKilled' ? 137 : 1 } },
});

describe('podFailureSignals', () => {
  it.each([
    {
      name: 'healthy pods',
      pods: [pod('a', [{ name: 'author', ready: true, restartCount: 0, state: { running: {} } }])],
      expected: [],
    },
    {
      name: 'crash loop in two pods',
      pods: [pod('a', [crashLoop(4)]), pod('b', [crashLoop(2)])],
      expected: [
        { kind: 'CrashLoopBackOff', pods: 2, restarts: 6, message: 'back-off 40s restarting failed container=author' },
      ],
    },
    {
      name: 'OOM-killed crash loop counts as both',
      pods: [pod('a', [crashLoop(3, 'OOMKilled')])],
      expected: [
        { kind: 'CrashLoopBackOff', pods: 1, restarts: 3, message: 'back-off 40s restarting failed container=author' },
        { kind: 'OOMKilled', pods: 1, restarts: 3, message: 'container author was OOMKilled' },
      ],
    },
    {
      name: 'image pull back-off and ErrImagePull are one kind',
      pods: [
        pod('a', [
          {
            name: 'author',
            restartCount: 0,
            state: { waiting: { reason: 'ErrImagePull', message: 'pull access denied' } },
          },
        ]),
        pod('b', [{ name: 'author', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }]),
      ],
      expected: [{ kind: 'ImagePullBackOff', pods: 2, restarts: 0, message: 'pull access denied' }],
    },
    {
      name: 'missing secret',
      pods: [
        pod('a', [
          {
            name: 'author',
            restartCount: 0,
            state: {
              waiting: { reason: 'CreateContainerConfigError', message: 'secret "author-credentials-7f9c2" not found' },
            },
          },
        ]),
      ],
      expected: [
        {
          kind: 'CreateContainerConfigError',
          pods: 1,
          restarts: 0,
          message: 'secret "author-credentials-7f9c2" not found',
        },
      ],
    },
    {
      name: 'running but restarting often',
      pods: [pod('a', [{ name: 'author', ready: true, restartCount: 5, state: { running: {} } }])],
      expected: [{ kind: 'Restarts', pods: 1, restarts: 5, message: 'container author restarted 5 times' }],
    },
    {
      name: 'a couple of restarts is no signal',
      pods: [pod('a', [{ name: 'author', ready: true, restartCount: 2, state: { running: {} } }])],
      expected: [],
    },
    { name: 'pods without status', pods: [{ metadata: { name: 'x' } }], expected: [] },
  ])('$name', ({ pods, expected }) => {
    expect(podFailureSignals(pods)).toEqual(expected);
  });
});
