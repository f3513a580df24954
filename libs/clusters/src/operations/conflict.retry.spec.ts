import { describe, expect, it } from '@jest/globals';
import { errorFromResponse, KubeApiError } from '../transport/kube-api.error.js';
import { asConflict, isWriteConflict, MAX_WRITE_ATTEMPTS, retryOnConflict } from './conflict.retry.js';

const NOW = new Date('2026-12-03T08:00:00Z');
const answer = (code: number, body: object) => errorFromResponse(code, JSON.stringify(body), undefined, NOW);
/** kube-apiserver's answers, as it sends them. */
const TEST_FAILED = answer(422, {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server rejected our request due to an error in our request',
  reason: 'Invalid',
  details: {},
  code: 422,
});
const INVALID = answer(422, {
  kind: 'Status',
  status: 'Failure',
  message:
    'Rollout.argoproj.io "author" is invalid: spec.template.spec.containers[0].image: Invalid value: "integer": must be string',
  reason: 'Invalid',
  details: { name: 'author', group: 'argoproj.io', kind: 'Rollout', causes: [{ field: 'spec', message: 'x' }] },
  code: 422,
});
const CONFLICT = answer(409, {
  kind: 'Status',
  status: 'Failure',
  message: 'Operation cannot be fulfilled on rollouts.argoproj.io "author": the object has been modified',
  reason: 'Conflict',
  code: 409,
});
const THROTTLED = answer(429, { kind: 'Status', reason: 'TooManyRequests', code: 429 });

describe('isWriteConflict', () => {
  it.each([
    { name: '409 Conflict (resourceVersion moved)', error: CONFLICT, conflict: true },
    { name: '422 of a JSON patch that did not apply (a test failed)', error: TEST_FAILED, conflict: true },
    { name: '422 of an invalid result (bad field)', error: INVALID, conflict: false },
    { name: '429', error: THROTTLED, conflict: false },
    { name: 'not an API error', error: new Error('boom'), conflict: false },
  ])('$name → $conflict', ({ error, conflict }) => {
    expect(isWriteConflict(error)).toBe(conflict);
  });

  it('a failed test, reported, is a conflict; an invalid change stays invalid', () => {
    expect(asConflict(TEST_FAILED)).toMatchObject({ kind: 'conflict', status: 422 });
    expect(asConflict(INVALID)).toBe(INVALID);
  });
});

describe('retryOnConflict', () => {
  const run = async (failures: unknown[]) => {
    const seen: number[] = [];
    const result = retryOnConflict(async (i) => {
      seen.push(i);
      if (i < failures.length) throw failures[i];
      return 'done';
    });
    return { result: await result.catch((e: unknown) => e), seen };
  };

  it.each([
    { name: 'no conflict: one attempt', failures: [], result: 'done', attempts: 1 },
    { name: 'a 409 then success', failures: [CONFLICT], result: 'done', attempts: 2 },
    { name: 'a failed test, a 409, then success', failures: [TEST_FAILED, CONFLICT], result: 'done', attempts: 3 },
    { name: 'an invalid change: not retried', failures: [INVALID], result: INVALID, attempts: 1 },
  ])('$name', async ({ failures, result, attempts }) => {
    const r = await run(failures);
    expect(r.result).toBe(result);
    expect(r.seen).toEqual([...Array(attempts).keys()]);
  });

  it(`gives up after ${MAX_WRITE_ATTEMPTS} conflicts, reporting a conflict`, async () => {
    const r = await run(Array(MAX_WRITE_ATTEMPTS).fill(TEST_FAILED));
    expect(r.seen).toHaveLength(MAX_WRITE_ATTEMPTS);
    expect(r.result).toBeInstanceOf(KubeApiError);
    expect(r.result).toMatchObject({ kind: 'conflict' });
  });
});
