import { describe, expect, it } from '@jest/globals';
import type { Cause } from '../common/domain.enums.js';
import type { Attribution } from './attribution.model.js';
import { applyOverride, InvalidOverrideError } from './attribution.override.js';

const judged: Attribution = {
  cause: 'RELEASE',
  confidence: 0.95,
  evidence: ['Signature: a crash loop (CrashLoopBackOff).'],
  signature: 'CRASH_LOOP',
  haltNow: true,
};

describe('applyOverride', () => {
  it('takes the release manager’s cause and keeps the judged one with who and why', () => {
    const at = new Date('2026-11-20T11:00:00Z');
    const result = applyOverride(judged, { cause: 'CUSTOMER_CODE', actor: 'alice', note: 'their plugin', at });
    expect(result).toEqual({
      ...judged,
      cause: 'CUSTOMER_CODE',
      confidence: 1,
      haltNow: false,
      judged: { cause: 'RELEASE', confidence: 0.95, haltNow: true },
      override: { cause: 'CUSTOMER_CODE', actor: 'alice', note: 'their plugin', at },
    });
  });

  it('keeps the first judgement across repeated overrides', () => {
    const once = applyOverride(judged, { cause: 'TRANSIENT', actor: 'alice', note: 'flaky node' });
    const twice = applyOverride(once, { cause: 'RELEASE', actor: 'bob', note: 'no, it is ours' });
    expect(twice).toMatchObject({
      cause: 'RELEASE',
      judged: { cause: 'RELEASE', confidence: 0.95, haltNow: true },
      haltNow: true,
    });
    expect(twice.override).toEqual({ cause: 'RELEASE', actor: 'bob', note: 'no, it is ours' });
  });

  it.each<[string, { cause: Cause; actor: string; note: string }, string]>([
    ['an unknown cause', { cause: 'BAD_LUCK' as Cause, actor: 'alice', note: 'x' }, 'cause'],
    ['a blank actor', { cause: 'UNKNOWN', actor: ' ', note: 'x' }, 'actor'],
    ['a blank note', { cause: 'UNKNOWN', actor: 'alice', note: '' }, 'note'],
  ])('rejects %s', (_name, override, field) => {
    expect(() => applyOverride(judged, override)).toThrow(InvalidOverrideError);
    expect(() => applyOverride(judged, override)).toThrow(expect.objectContaining({ field }));
  });
});
