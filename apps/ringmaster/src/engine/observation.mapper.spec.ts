import { describe, expect, it } from '@jest/globals';
import type { RolloutStatusSnapshot, TargetObservation } from '@ringmaster/clusters';
import { statusSnapshot } from '../testing/driver-observation.fixtures.js';
import { mapObservation } from './observation.mapper.js';

const REL = { app: 'cms/app:2', worker: 'cms/worker:2' };
const OLD = { app: 'cms/app:1' };

const snap = (over: Partial<RolloutStatusSnapshot>) => statusSnapshot({ image: 'cms/app:1', ...over });

function obs(status: Partial<RolloutStatusSnapshot> | null, stamp?: number, error?: TargetObservation['error']) {
  return {
    environment: 'e',
    cluster: 'c',
    namespace: 'e',
    clusterHealth: null,
    error,
    components: error
      ? []
      : [
          {
            component: 'app',
            rollout: 'app',
            status: status ? snap(status) : null,
            customerRevision: null,
            deployStamp: stamp === undefined ? null : { train: 't1', attempt: stamp },
          },
        ],
  };
}

describe('mapObservation', () => {
  it.each([
    [
      'before a deploy: old images recorded',
      obs({}),
      undefined,
      { kind: 'target', runsRelease: false, previousImages: OLD },
    ],
    [
      'deployed and healthy',
      obs({ image: REL.app }, 1),
      OLD,
      { kind: 'target', runsRelease: true, appliedAttempt: 1, phase: 'Healthy' },
    ],
    [
      'paused canary, waiting for a promote',
      obs({ image: REL.app, phase: 'Paused' }, 2),
      OLD,
      { kind: 'target', phase: 'Paused', appliedAttempt: 2 },
    ],
    [
      'paused canary at a timed step: goes on by itself',
      obs({ image: REL.app, phase: 'Paused', resumesByItself: true }, 2),
      OLD,
      { kind: 'target', phase: 'Paused', pauseEndsByItself: true },
    ],
    [
      'degraded release is a failure',
      obs({ image: REL.app, phase: 'Degraded', failureReasons: ['ProgressDeadlineExceeded'] }, 1),
      OLD,
      { kind: 'target', failure: { signature: 'ProgressDeadlineExceeded', message: 'app: ProgressDeadlineExceeded' } },
    ],
    [
      'a diagnosed crash loop is a crash loop, not the deadline it ends in',
      obs(
        {
          image: REL.app,
          phase: 'Degraded',
          failureReasons: ['ProgressDeadlineExceeded'],
          podSignals: [{ kind: 'CrashLoopBackOff', pods: 1, restarts: 2, message: 'back-off restarting' }],
        },
        1,
      ),
      OLD,
      { kind: 'target', failure: { signature: 'CrashLoopBackOff', message: 'app: back-off restarting' } },
    ],
    [
      'a crash loop of OOM kills is an OOM',
      obs(
        {
          image: REL.app,
          phase: 'Degraded',
          podSignals: [
            { kind: 'CrashLoopBackOff', pods: 1, restarts: 2, message: 'back-off restarting' },
            { kind: 'OOMKilled', pods: 1, restarts: 2, message: 'container app was OOMKilled' },
          ],
        },
        1,
      ),
      OLD,
      { kind: 'target', failure: { signature: 'OOMKilled', message: 'app: container app was OOMKilled' } },
    ],
    [
      'restarts alone are no failure of a progressing canary',
      obs(
        {
          image: REL.app,
          phase: 'Progressing',
          podSignals: [{ kind: 'Restarts', pods: 1, restarts: 3, message: 'restarted 3 times' }],
        },
        1,
      ),
      OLD,
      { kind: 'target', failure: undefined },
    ],
    ['rolled back', obs({ image: OLD.app }), OLD, { kind: 'target', runsRelease: false, runsPreviousImages: true }],
    [
      'unreachable cluster',
      obs(null, undefined, { code: 'UNREACHABLE', message: 'down', retryable: true }),
      OLD,
      { kind: 'unreachable' },
    ],
    ['missing Rollout', obs(null), OLD, { kind: 'unknown' }],
  ])('%s', (_case, observed, previous, expected) => {
    const mapped = mapObservation(observed, REL, previous, 't1');
    const { kind, ...fields } = expected as { kind: string } & Record<string, unknown>;
    expect(mapped.kind).toBe(kind);
    if (mapped.kind === 'target') expect(mapped.observation).toMatchObject(fields);
  });

  it('a target is left to go on by itself only when every paused Rollout of it will', () => {
    const two = (second: Partial<RolloutStatusSnapshot>) => {
      const base = obs({ image: REL.app, phase: 'Paused', resumesByItself: true }, 1);
      return {
        ...base,
        components: [
          base.components[0],
          {
            ...base.components[0],
            component: 'worker',
            rollout: 'worker',
            status: snap({ image: REL.worker, ...second }),
          },
        ],
      };
    };
    const release = { ...REL, worker: REL.worker };
    const map = (second: Partial<RolloutStatusSnapshot>) => {
      const mapped = mapObservation(two(second), release, undefined, 't1');
      return mapped.kind === 'target' ? mapped.observation.pauseEndsByItself : 'not a target';
    };
    expect(map({ phase: 'Paused', resumesByItself: false })).toBeUndefined();
    expect(map({ phase: 'Paused', resumesByItself: true })).toBe(true);
    // the other Rollout is already through its canary: the target still only waits on a timed pause
    expect(map({ phase: 'Healthy' })).toBe(true);
  });
});
