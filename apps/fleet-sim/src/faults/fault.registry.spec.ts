import { describe, expect, it } from '@jest/globals';
import { FaultRegistry } from './fault.registry.js';

/** A registry on a clock the test moves. */
function registry() {
  let now = 1_000_000;
  const faults = new FaultRegistry(() => now);
  return { faults, advance: (ms: number) => (now += ms) };
}

/** How many of `n` requests at one instant are refused. */
const refused = (faults: FaultRegistry, n: number) =>
  Array.from({ length: n }, () => faults.apiFault('eu-1')).filter((f) => f !== undefined).length;

describe('FaultRegistry.apiFault', () => {
  it.each([
    ['unavailable refuses every request', { mode: 'unavailable' as const }, 10, 10],
    ['a throttle without qps refuses every request', { mode: 'throttle' as const }, 10, 10],
    ['a throttle with qps 3 admits 3 requests a second', { mode: 'throttle' as const, qps: 3 }, 10, 7],
    ['a throttle with qps 0.5 still admits one request', { mode: 'throttle' as const, qps: 0.5 }, 10, 9],
  ])('%s', (_name, mode, requests, expected) => {
    const { faults } = registry();
    faults.add({ kind: 'api-outage', cluster: 'eu-1', ...mode });
    expect(refused(faults, requests)).toBe(expected);
    faults.close();
  });

  it('a throttled request is told when to come back; other clusters are not throttled', () => {
    const { faults } = registry();
    faults.add({ kind: 'api-outage', cluster: 'eu-1', mode: 'throttle', retryAfterSeconds: 1 });
    expect(faults.apiFault('eu-1')).toEqual({ mode: 'throttle', retryAfterSeconds: 1 });
    expect(faults.apiFault('us-1')).toBeUndefined();
    faults.close();
  });

  it('a throttle refills its rate as time passes, never above one second of burst', () => {
    const { faults, advance } = registry();
    faults.add({ kind: 'api-outage', cluster: 'eu-1', mode: 'throttle', qps: 2 });
    expect(refused(faults, 2)).toBe(0);
    expect(refused(faults, 1)).toBe(1);
    advance(500);
    expect(refused(faults, 2)).toBe(1);
    advance(10_000);
    expect(refused(faults, 3)).toBe(1);
    faults.close();
  });
});
