import { describe, expect, it } from '@jest/globals';
import { CRASH_BACKOFF_BASE_MS, podState, type PodInputs } from './pod.simulator.js';

const base: PodInputs = { createdAt: 0, now: 0, startMs: 1000, containerName: 'author', image: 'cms/author:1' };
const waitingReason = (p: PodInputs) =>
  (podState(p).status.containerStatuses as { state: { waiting?: { reason: string } } }[])[0].state.waiting?.reason;
const restarts = (p: PodInputs) => (podState(p).status.containerStatuses as { restartCount: number }[])[0].restartCount;

describe('podState', () => {
  it.each([
    ['starting', { now: 500 }, false, 'ContainerCreating'],
    ['running', { now: 1500 }, true, undefined],
    ['crash looping', { now: 1500 + CRASH_BACKOFF_BASE_MS, effect: 'crashloop' as const }, false, 'CrashLoopBackOff'],
    ['pulling a bad image', { now: 5000, effect: 'image-pull' as const }, false, 'ImagePullBackOff'],
    ['missing a Secret', { now: 5000, missingRef: 'secret "s"' }, false, 'CreateContainerConfigError'],
    ['leaking before the leak shows', { now: 5000, effect: 'slow-leak' as const, afterMs: 10_000 }, true, undefined],
    ['leaking after', { now: 20_000, effect: 'slow-leak' as const, afterMs: 10_000 }, false, 'CrashLoopBackOff'],
  ])('%s', (_name, over, ready, reason) => {
    const p = { ...base, ...over };
    expect(podState(p).ready).toBe(ready);
    expect(waitingReason(p)).toBe(reason);
  });

  it('counts restarts up with back-off, and OOM kills say so', () => {
    const p = { ...base, effect: 'oom' as const };
    expect(restarts({ ...p, now: 1000 })).toBe(1);
    expect(restarts({ ...p, now: 1000 + CRASH_BACKOFF_BASE_MS + 1 })).toBe(2);
    expect(restarts({ ...p, now: 60_000 })).toBeGreaterThan(3);
    const last = (
      podState({ ...p, now: 5000 }).status.containerStatuses as { lastState: { terminated: { reason: string } } }[]
    )[0].lastState;
    expect(last.terminated.reason).toBe('OOMKilled');
  });

  it('says when it changes next', () => {
    expect(podState({ ...base, now: 200 }).nextChangeAt).toBe(1000);
    expect(podState({ ...base, now: 2000 }).nextChangeAt).toBeUndefined();
  });
});
