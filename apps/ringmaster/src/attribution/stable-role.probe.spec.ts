import { describe, expect, it } from '@jest/globals';
import type { EnvironmentTarget, RolloutStatusSnapshot, TargetObservation } from '@ringmaster/clusters';
import { singleComponentObservation, statusSnapshot } from '../testing/driver-observation.fixtures.js';
import { DriverStableRoleProbe } from './stable-role.probe.js';

const TARGET: EnvironmentTarget = {
  environment: 'acme-prod',
  cluster: 'eu-1',
  namespace: 'acme-prod',
  components: [{ component: 'author', rollout: 'author' }],
};
const RELEASE = { author: 'cms/author:2' };

const status = (over: Partial<RolloutStatusSnapshot>) =>
  statusSnapshot({ image: 'cms/author:1', currentPodHash: 'h1', stablePodHash: 'h1', ...over });
const observed = (s: RolloutStatusSnapshot | null, error?: TargetObservation['error']) =>
  singleComponentObservation(TARGET, s, error);

describe('DriverStableRoleProbe', () => {
  it.each<[string, TargetObservation | 'rejects', boolean | undefined]>([
    ['fully promoted to the release: stable runs it', observed(status({ image: RELEASE.author })), true],
    [
      'a canary of the release in flight: stable is the old version',
      observed(status({ image: RELEASE.author, fullyPromoted: false, phase: 'Degraded' })),
      false,
    ],
    ['fully on the old image (never deployed, or rolled back)', observed(status({})), false],
    ['the Rollout is missing', observed(null), undefined],
    [
      'the cluster cannot be observed',
      observed(null, { code: 'UNREACHABLE', message: 'down', retryable: true }),
      undefined,
    ],
    ['the driver rejects', 'rejects', undefined],
  ])('%s', async (_name, answer, expected) => {
    const driver = {
      observe: async () => {
        if (answer === 'rejects') throw new Error('boom');
        return [answer];
      },
    };
    expect(await new DriverStableRoleProbe(driver).stableRunsRelease(TARGET, RELEASE)).toBe(expected);
  });
});
