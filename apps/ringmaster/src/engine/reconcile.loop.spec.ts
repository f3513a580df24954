import { describe, expect, it } from '@jest/globals';
import type { TrainStore } from '@ringmaster/persistence';
import { DEFAULT_LOOP_OPTIONS, ReconcileLoop } from './reconcile.loop.js';
import type { PassReport, TrainReconciler } from './train.reconciler.js';

const PASS_MS = 20;
const DONE: PassReport = { outcome: 'not-leased' };

/** A loop over due trains `due` whose passes take PASS_MS; the pass of train `broken` throws. */
function loop(due: string[]) {
  const store = { due: async () => due } as unknown as TrainStore;
  const reconciler = {
    reconcile: async (trainId: string) => {
      await new Promise((r) => setTimeout(r, PASS_MS));
      if (trainId === 'broken') throw new Error('database down');
      return DONE;
    },
  } as unknown as TrainReconciler;
  const passes: number[] = [];
  return {
    loop: new ReconcileLoop(store, reconciler, Date.now, DEFAULT_LOOP_OPTIONS, (ms) => passes.push(ms)),
    passes,
  };
}

describe('ReconcileLoop', () => {
  it('tells its observer the wall time of every pass it runs, a pass that threw included', async () => {
    const { loop: l, passes } = loop(['t1', 'broken']);
    await l.tick();
    expect(passes).toHaveLength(2);
    // a timer may fire a millisecond early
    for (const ms of passes) expect(ms).toBeGreaterThanOrEqual(PASS_MS - 1);
    expect(l.lastError).toMatchObject({ message: 'database down' });
  });

  it('times no pass for a train whose pass is already running here', async () => {
    const { loop: l, passes } = loop([]);
    const first = l.runOne('t1');
    expect(await l.runOne('t1')).toBeUndefined();
    await first;
    expect(passes).toHaveLength(1);
  });
});
