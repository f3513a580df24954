import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../transport/kube-api.error.js';
import { fanOut } from './fan-out.js';

describe('fanOut', () => {
  it('returns one result per cluster, in order, whatever each one does', async () => {
    const results = await fanOut(
      ['ok', 'down', 'hangs', 'boom'],
      async (cluster, signal) => {
        if (cluster === 'ok') return 42;
        if (cluster === 'down') throw new KubeApiError('unreachable', 'connect ECONNREFUSED');
        if (cluster === 'hangs')
          return new Promise<number>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        throw new Error('bug');
      },
      { concurrency: 4, timeoutMs: 50 },
    );
    expect(results.map((r) => (r.ok ? [r.cluster, r.value] : [r.cluster, r.error.code, r.error.retryable]))).toEqual([
      ['ok', 42],
      ['down', 'UNREACHABLE', true],
      ['hangs', 'TIMEOUT', true],
      ['boom', 'INTERNAL', false],
    ]);
  });

  it('never runs more than `concurrency` clusters at once', async () => {
    let running = 0;
    let peak = 0;
    await fanOut(
      Array.from({ length: 10 }, (_, i) => `c${i}`),
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
      },
      { concurrency: 3, timeoutMs: 1000 },
    );
    expect(peak).toBe(3);
  });

  it('handles no clusters', async () => {
    await expect(fanOut([], async () => 1)).resolves.toEqual([]);
  });
});
