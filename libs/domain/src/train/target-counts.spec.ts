import { describe, expect, it } from '@jest/globals';
import { TARGET_STATUSES, type TargetStatus } from '../common/domain.enums.js';
import { countTargets, targetCountsOf, type TrainState } from './train.state.js';

const zero = { total: 0, pending: 0, deploying: 0, healthy: 0, failed: 0, excluded: 0, rolledBack: 0 };

describe('targetCountsOf', () => {
  it.each([
    ['no targets', {}, zero],
    ['zero rows are ignored', { PENDING: 0 }, zero],
    [
      'every state in its bucket',
      { PENDING: 5, DEPLOYING: 2, HEALTHY: 7, FAILED: 1, RETRYING: 1, ROLLBACK_UNSAFE: 1, EXCLUDED: 3, ROLLED_BACK: 4 },
      { total: 24, pending: 5, deploying: 2, healthy: 7, failed: 3, excluded: 3, rolledBack: 4 },
    ],
    ['20,000 pending', { PENDING: 20_000 }, { ...zero, total: 20_000, pending: 20_000 }],
  ])('%s', (_name, byStatus, expected) => {
    expect(targetCountsOf(byStatus)).toEqual(expected);
  });

  // the GROUP BY path must count exactly like the domain does over loaded targets
  it.each(TARGET_STATUSES.map((s) => [s]))('%s is counted like countTargets', (status: TargetStatus) => {
    const state = { targets: [{ environment: 'e', ringIndex: 0, status }] } as unknown as TrainState;
    expect(targetCountsOf({ [status]: 1 })).toEqual(countTargets(state, 0));
  });
});
