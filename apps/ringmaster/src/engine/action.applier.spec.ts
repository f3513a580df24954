import { describe, expect, it } from '@jest/globals';
import type { EnvironmentTarget, OperationResult, RolloutDriver } from '@ringmaster/clusters';
import type { Action } from '@ringmaster/domain';
import { ActionApplier } from './action.applier.js';
import { UnknownAttributor } from './target-attributor.js';

/** A driver whose aborts on cluster `slow` answer only once every abort on cluster `fast` has answered. */
function gatedDriver() {
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  let fastLeft = 0;
  const abort = async (target: EnvironmentTarget): Promise<OperationResult> => {
    const now = (inFlight.get(target.cluster) ?? 0) + 1;
    inFlight.set(target.cluster, now);
    peak.set(target.cluster, Math.max(peak.get(target.cluster) ?? 0, now));
    if (target.cluster === 'slow') await gate;
    else if (--fastLeft === 0) openGate();
    inFlight.set(target.cluster, inFlight.get(target.cluster)! - 1);
    return { environment: target.environment, cluster: target.cluster, outcome: 'applied', components: [] };
  };
  return {
    driver: { abort } as unknown as RolloutDriver,
    peak,
    expectFast: (n: number) => (fastLeft = n),
  };
}

describe('ActionApplier', () => {
  it('drains every cluster at once, at most perCluster at a time each: a slow cluster never holds back another', async () => {
    const { driver, peak, expectFast } = gatedDriver();
    const actions: Action[] = [
      ...Array.from({ length: 4 }, (_, n) => ({ type: 'abort' as const, environment: `s${n}`, cluster: 'slow' })),
      ...Array.from({ length: 2 }, (_, n) => ({ type: 'abort' as const, environment: `f${n}`, cluster: 'fast' })),
    ];
    expectFast(2);
    const targets = new Map(
      actions.map((a) => [
        a.environment,
        { environment: a.environment, cluster: a.cluster, namespace: a.environment, components: [] },
      ]),
    );
    const applier = new ActionApplier(driver, new UnknownAttributor(), 2);
    const report = await applier.apply(actions, { trainId: 't', now: 0, targets, releaseImages: {} });
    expect(report).toMatchObject({ applied: 6, failed: 0 });
    // the blocked cluster filled its two slots and no more
    expect(peak.get('slow')).toBe(2);
  });
});
