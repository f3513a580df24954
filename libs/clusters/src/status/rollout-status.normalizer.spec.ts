import { describe, expect, it } from '@jest/globals';
import type { RolloutObject } from '../kube/kube.types.js';
import {
  deployment,
  NEW_IMAGE,
  OLD_IMAGE,
  pausedRollout,
  rollout,
  workloadRefRollout,
} from '../testing/rollout.fixtures.js';
import { normalizeRolloutStatus, runsImage } from './rollout-status.normalizer.js';

const progressing = (status: RolloutObject['status'], generation = 8): RolloutObject => {
  const ro = pausedRollout();
  return {
    ...ro,
    metadata: { ...ro.metadata, generation },
    status: {
      ...ro.status,
      controllerPause: false,
      pauseConditions: undefined,
      phase: 'Progressing',
      message: 'more replicas need to be updated',
      ...status,
    },
  };
};

describe('normalizeRolloutStatus', () => {
  it.each<{ name: string; ro: RolloutObject; expected: Record<string, unknown> }>([
    {
      name: 'healthy and fully promoted',
      ro: rollout(),
      expected: {
        phase: 'Healthy',
        settled: true,
        fullyPromoted: true,
        canaryWeight: null,
        step: { index: 4, count: 4 },
        image: OLD_IMAGE,
      },
    },
    {
      name: 'paused at a canary pause step',
      ro: pausedRollout(),
      expected: {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        paused: true,
        resumesByItself: true,
        settled: false,
        canaryWeight: 25,
        step: { index: 1, count: 4 },
        image: NEW_IMAGE,
      },
    },
    {
      name: 'paused at an indefinite pause step (pause: {}): waits for a promote',
      ro: { ...pausedRollout(), status: { ...pausedRollout().status, currentStepIndex: 3 } },
      expected: { phase: 'Paused', paused: true, resumesByItself: false },
    },
    {
      name: 'paused by a user (spec.paused) at a timed step: waits for a promote',
      ro: { ...pausedRollout(), spec: { ...pausedRollout().spec, paused: true } },
      expected: { phase: 'Paused', paused: true, resumesByItself: false },
    },
    {
      name: 'paused at a timed step for another reason too (an inconclusive analysis): waits for a promote',
      ro: {
        ...pausedRollout(),
        status: {
          ...pausedRollout().status,
          pauseConditions: [{ reason: 'CanaryPauseStep' }, { reason: 'InconclusiveAnalysisRun' }],
        },
      },
      expected: { phase: 'Paused', resumesByItself: false },
    },
    {
      name: 'spec not yet observed by the controller (stale Healthy phase)',
      ro: { ...rollout(), metadata: { ...rollout().metadata, generation: 8 } },
      expected: {
        phase: 'Progressing',
        message: 'waiting for rollout spec update to be observed',
        specObserved: false,
        settled: false,
      },
    },
    {
      name: 'unpausing: pause conditions cleared, controller has not reacted',
      ro: { ...pausedRollout(), status: { ...pausedRollout().status, pauseConditions: undefined } },
      expected: {
        phase: 'Progressing',
        message: 'waiting for rollout to unpause',
        paused: false,
        resumesByItself: false,
      },
    },
    {
      name: 'progressing at the second setWeight',
      ro: progressing({ currentStepIndex: 2 }),
      expected: { phase: 'Progressing', canaryWeight: 50, step: { index: 2, count: 4 } },
    },
    {
      name: 'traffic-routed weights reported by the controller win',
      ro: progressing({ currentStepIndex: 2, canary: { weights: { canary: { weight: 37 }, stable: { weight: 63 } } } }),
      expected: { canaryWeight: 37 },
    },
    {
      name: 'aborted: degraded, weight back to 0',
      ro: progressing({
        abort: true,
        phase: 'Degraded',
        message: 'RolloutAborted: Rollout aborted update to revision 5',
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'RolloutAborted',
            message: 'Rollout aborted update to revision 5',
          },
        ],
      }),
      expected: {
        phase: 'Degraded',
        aborted: true,
        canaryWeight: 0,
        failureReasons: ['RolloutAborted'],
        settled: false,
      },
    },
    {
      name: 'progress deadline exceeded',
      ro: progressing({
        phase: 'Degraded',
        message: 'ProgressDeadlineExceeded: ReplicaSet "author-7c9d8f6b4" has timed out progressing.',
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
      expected: { phase: 'Degraded', failureReasons: ['ProgressDeadlineExceeded'] },
    },
    {
      name: 'step and background analysis runs',
      ro: progressing({
        canary: {
          currentStepAnalysisRunStatus: {
            name: 'author-7c9d8f6b4-5-2',
            status: 'Failed',
            message: 'metric "error-rate" assessed Failed',
          },
          currentBackgroundAnalysisRunStatus: { name: 'author-7c9d8f6b4-5', status: 'Running' },
        },
      }),
      expected: {
        analysis: [
          {
            name: 'author-7c9d8f6b4-5-2',
            kind: 'step',
            status: 'Failed',
            message: 'metric "error-rate" assessed Failed',
            metrics: [],
          },
          { name: 'author-7c9d8f6b4-5', kind: 'background', status: 'Running', message: null, metrics: [] },
        ],
      },
    },
    {
      name: 'no status at all yet',
      ro: { ...rollout(), status: undefined },
      expected: { phase: 'Unknown', message: 'no status yet', settled: false, currentPodHash: null },
    },
    {
      name: 'workloadRef without the Deployment: image unknown',
      ro: workloadRefRollout(),
      expected: { phase: 'Healthy', image: null, settled: false },
    },
    {
      name: 'no canary steps',
      ro: rollout({ spec: { strategy: { canary: { steps: [] } } } }),
      expected: { step: null },
    },
  ])('$name', ({ ro, expected }) => {
    expect(normalizeRolloutStatus(ro, 'author')).toMatchObject(expected);
  });

  it('reads the image of a workloadRef Rollout from its Deployment', () => {
    const s = normalizeRolloutStatus(workloadRefRollout(), 'author', deployment(NEW_IMAGE));
    expect(s.image).toBe(NEW_IMAGE);
  });

  describe('a workloadRef Rollout is observed only once its status has caught up with the Deployment', () => {
    // deployment() is at generation 2
    const reconciledWith = (workloadObservedGeneration?: string, annotation?: string): RolloutObject => {
      const ro = workloadRefRollout();
      if (workloadObservedGeneration !== undefined) ro.status = { ...ro.status, workloadObservedGeneration };
      if (annotation !== undefined)
        ro.metadata = { ...ro.metadata, annotations: { 'rollout.argoproj.io/workload-generation': annotation } };
      return ro;
    };
    it.each([
      {
        name: 'the Deployment just changed (generation 2), the status is of generation 1: the old Healthy is stale',
        ro: reconciledWith('1'),
        withDeployment: true,
        expected: { phase: 'Progressing', specObserved: false, settled: false },
      },
      {
        name: 'reconciled with the Deployment it references',
        ro: reconciledWith('2'),
        withDeployment: true,
        expected: { phase: 'Healthy', specObserved: true, settled: true },
      },
      {
        name: 'an Argo without workloadObservedGeneration: nothing to compare',
        ro: reconciledWith(),
        withDeployment: true,
        expected: { phase: 'Healthy', specObserved: true },
      },
      {
        name: 'without the Deployment, the workload-generation annotation is what the status must reach (as Argo)',
        ro: reconciledWith('1', '2'),
        withDeployment: false,
        expected: { phase: 'Progressing', specObserved: false },
      },
    ])('$name', ({ ro, withDeployment, expected }) => {
      const s = normalizeRolloutStatus(ro, 'author', withDeployment ? deployment(NEW_IMAGE) : undefined);
      expect(s).toMatchObject(expected);
    });
  });

  it.each([
    { name: 'settled on the image', ro: rollout(), image: OLD_IMAGE, expected: true },
    { name: 'another image', ro: rollout(), image: NEW_IMAGE, expected: false },
    { name: 'image desired but still in flight', ro: pausedRollout(), image: NEW_IMAGE, expected: false },
  ])('runsImage: $name → $expected', ({ ro, image, expected }) => {
    expect(runsImage(normalizeRolloutStatus(ro, 'author'), image)).toBe(expected);
  });
});
