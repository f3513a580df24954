import { describe, expect, it } from '@jest/globals';
import type { AttributionResult } from '@ringmaster/domain';
import { mergeAttributions } from './answers.merge.js';

const verdict = (attempt: number, cause: AttributionResult['cause'], overriddenBy?: string): AttributionResult => ({
  attempt,
  cause,
  confidence: 0.5,
  evidence: [],
  ...(overriddenBy ? { overriddenBy } : {}),
});

const halting = (v: AttributionResult): AttributionResult => ({
  ...v,
  haltNow: true,
  fleetSpread: { signature: 'CRASH_LOOP', tenants: ['a', 'b', 'c'], clusters: ['eu-1', 'us-1'] },
});

describe('mergeAttributions', () => {
  it.each<[string, AttributionResult | undefined, AttributionResult | undefined, AttributionResult | undefined]>([
    ['nothing anywhere', undefined, undefined, undefined],
    ['only stored (after a restart or a lease move)', verdict(1, 'RELEASE'), undefined, verdict(1, 'RELEASE')],
    ['only in memory (the row could not be written)', undefined, verdict(1, 'UNKNOWN'), verdict(1, 'UNKNOWN')],
    ['same attempt: the stored row', verdict(1, 'RELEASE'), verdict(1, 'RELEASE'), verdict(1, 'RELEASE')],
    [
      'same attempt, overridden: the override reaches decide',
      verdict(1, 'CUSTOMER_CODE', 'token:alice'),
      verdict(1, 'RELEASE'),
      verdict(1, 'CUSTOMER_CODE', 'token:alice'),
    ],
    [
      'same attempt with the fleet signal: the stored row with haltNow and its spread',
      verdict(1, 'RELEASE'),
      halting(verdict(1, 'RELEASE')),
      halting(verdict(1, 'RELEASE')),
    ],
    [
      'same attempt with the fleet signal, overridden: no haltNow',
      verdict(1, 'CUSTOMER_CODE', 'token:alice'),
      halting(verdict(1, 'RELEASE')),
      verdict(1, 'CUSTOMER_CODE', 'token:alice'),
    ],
    ['memory judged a newer attempt', verdict(1, 'TRANSIENT'), verdict(2, 'UNKNOWN'), verdict(2, 'UNKNOWN')],
    ['memory is for an older attempt', verdict(2, 'RELEASE'), verdict(1, 'TRANSIENT'), verdict(2, 'RELEASE')],
  ])('%s', (_name, stored, memory, expected) => {
    const durable = new Map(stored ? [['e', stored]] : []);
    const inMemory = new Map(memory ? [['e', memory]] : []);
    expect(mergeAttributions(durable, inMemory).get('e')).toEqual(expected);
  });

  it('keeps the environments of both sides', () => {
    const merged = mergeAttributions(new Map([['a', verdict(1, 'RELEASE')]]), new Map([['b', verdict(1, 'UNKNOWN')]]));
    expect([...merged.keys()].sort()).toEqual(['a', 'b']);
  });
});
