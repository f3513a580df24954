import { describe, expect, it } from '@jest/globals';
import type { EnvironmentTarget, OperationResult, RollbackSafetyResult, RolloutDriver } from '@ringmaster/clusters';
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

  describe('rollbackIfSafe: the check, then the revert only when it passes', () => {
    const target: EnvironmentTarget = { environment: 'e', cluster: 'c', namespace: 'e', components: [] };
    const action: Action = { type: 'rollbackIfSafe', environment: 'e', cluster: 'c', previousImages: { app: 'a:1' } };
    const answer = (outcome: OperationResult['outcome']): OperationResult => ({
      environment: 'e',
      cluster: 'c',
      outcome,
      components: [],
    });
    const missingSecret: RollbackSafetyResult = {
      ok: true,
      safety: {
        safe: false,
        missing: [{ component: 'app', kind: 'secret', namespace: 'e', name: 'app-5f7c9' }],
        checked: [],
      },
    };

    it.each<[string, RollbackSafetyResult, OperationResult['outcome'] | undefined, object | undefined, boolean]>([
      [
        'safe: reverted, and the answer says so',
        { ok: true, safety: { safe: true, checked: [] } },
        'applied',
        { safe: true, reverted: true },
        true,
      ],
      [
        'safe, already on the old images: a noop revert counts',
        { ok: true, safety: { safe: true, checked: [] } },
        'noop',
        { safe: true, reverted: true },
        true,
      ],
      [
        'safe, the revert failed: the answer says it did not go out',
        { ok: true, safety: { safe: true, checked: [] } },
        'failed',
        { safe: true, reverted: false },
        false,
      ],
      ['unsafe: never written to', missingSecret, undefined, { safe: false, missing: ['secret/app-5f7c9'] }, true],
      [
        'the check itself failed: no answer, no write',
        { ok: false, error: { code: 'UNREACHABLE', message: 'down', retryable: true } } as RollbackSafetyResult,
        undefined,
        undefined,
        false,
      ],
    ])('%s', async (_name, checked, revert, expected, ok) => {
      const rollbacks: string[] = [];
      const driver = {
        checkRollbackSafety: async () => checked,
        rollback: async (t: EnvironmentTarget) => {
          rollbacks.push(t.environment);
          return answer(revert!);
        },
      } as unknown as RolloutDriver;
      const applier = new ActionApplier(driver, new UnknownAttributor());
      const report = await applier.apply([action], {
        trainId: 't',
        now: 0,
        targets: new Map([['e', target]]),
        releaseImages: {},
      });
      expect(rollbacks).toEqual(revert ? ['e'] : []);
      expect(report.answers.rollbackSafety.get('e')).toEqual(expected);
      expect(report).toMatchObject(ok ? { applied: 1, failed: 0 } : { applied: 0, failed: 1 });
    });
  });
});
