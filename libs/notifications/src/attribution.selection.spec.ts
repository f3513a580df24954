import { describe, expect, it } from '@jest/globals';
import {
  attributionsFor,
  MAX_HALT_ATTRIBUTIONS,
  type AttributedEvent,
  type AttributionFact,
} from './attribution.selection.js';

const T = 1_000_000;
const fact = (over: Partial<AttributionFact> & Pick<AttributionFact, 'environment'>): AttributionFact => ({
  ring: 'cohort',
  cause: 'RELEASE',
  confidence: 0.9,
  evidence: [`${over.environment} crash-loops`],
  createdAt: T,
  ...over,
});

const facts: AttributionFact[] = [
  fact({ environment: 'acme', confidence: 0.8, targetCause: 'RELEASE' }),
  fact({ environment: 'globex', confidence: 0.97, targetCause: 'RELEASE' }),
  fact({ environment: 'initech', cause: 'UNKNOWN', confidence: 0.99, targetCause: 'UNKNOWN' }),
  fact({ environment: 'hooli', cause: 'CUSTOMER_CODE', confidence: 0.95, targetCause: 'CUSTOMER_CODE' }),
  // judged TRANSIENT twice; out of retries the train counts it as UNKNOWN
  fact({ environment: 'umbrella', cause: 'TRANSIENT', confidence: 0.6, createdAt: T - 10, targetCause: 'UNKNOWN' }),
  fact({ environment: 'umbrella', cause: 'TRANSIENT', confidence: 0.7, createdAt: T + 10, targetCause: 'UNKNOWN' }),
  // still being retried: does not count
  fact({ environment: 'stark', cause: 'TRANSIENT', confidence: 0.7, targetCause: 'TRANSIENT' }),
  fact({ environment: 'wayne', ring: 'internal', confidence: 1, targetCause: 'RELEASE' }),
];

const envs = (event: AttributedEvent, from = facts) => attributionsFor(event, from).map((a) => a.environment);

describe('attributionsFor', () => {
  it.each<{ name: string; event: AttributedEvent; expected: string[] }>([
    {
      name: 'a halt: budget-consuming targets of the ring, RELEASE first by confidence, then UNKNOWN',
      event: { type: 'TRAIN_HALTED', ring: 'cohort', occurredAt: T },
      expected: ['globex', 'acme', 'initech', 'umbrella'],
    },
    {
      name: 'a halt naming no ring: every ring',
      event: { type: 'TRAIN_HALTED', occurredAt: T },
      expected: ['wayne', 'globex', 'acme', 'initech', 'umbrella'],
    },
    {
      name: 'a halt in a ring nobody failed in',
      event: { type: 'TRAIN_HALTED', ring: 'all', occurredAt: T },
      expected: [],
    },
    {
      name: 'ATTRIBUTED: the latest judgement of the target',
      event: { type: 'ATTRIBUTED', environment: 'umbrella', occurredAt: T + 10 },
      expected: ['umbrella'],
    },
    {
      name: 'TARGET_EXCLUDED: the customer-code judgement',
      event: { type: 'TARGET_EXCLUDED', environment: 'hooli', occurredAt: T },
      expected: ['hooli'],
    },
    {
      name: 'TARGET_FAILED judged since',
      event: { type: 'TARGET_FAILED', environment: 'acme', occurredAt: T - 5 },
      expected: ['acme'],
    },
    {
      name: 'TARGET_FAILED not judged yet (the only judgement is of an earlier failure)',
      event: { type: 'TARGET_FAILED', environment: 'acme', occurredAt: T + 5 },
      expected: [],
    },
    {
      name: 'a target event without an environment',
      event: { type: 'TARGET_FAILED', occurredAt: T },
      expected: [],
    },
    {
      name: 'an event attributions do not explain',
      event: { type: 'RING_PASSED', ring: 'cohort', occurredAt: T },
      expected: [],
    },
  ])('$name', ({ event, expected }) => {
    expect(envs(event)).toEqual(expected);
  });

  it('carries cause, confidence, evidence, ring, signature and override of the latest judgement', () => {
    const [a] = attributionsFor({ type: 'ATTRIBUTED', environment: 'umbrella', occurredAt: T }, [
      ...facts,
      fact({
        environment: 'umbrella',
        cause: 'RELEASE',
        createdAt: T + 20,
        signature: 'CrashLoop',
        overriddenBy: 'alice',
      }),
    ]);
    expect(a).toEqual({
      cause: 'RELEASE',
      confidence: 0.9,
      evidence: ['umbrella crash-loops'],
      environment: 'umbrella',
      ring: 'cohort',
      signature: 'CrashLoop',
      overriddenBy: 'alice',
    });
  });

  it(`a halt lists at most ${MAX_HALT_ATTRIBUTIONS}`, () => {
    const many = Array.from({ length: 50 }, (_, i) => fact({ environment: `env-${i}`, targetCause: 'RELEASE' }));
    expect(envs({ type: 'TRAIN_HALTED', ring: 'cohort', occurredAt: T }, many)).toHaveLength(MAX_HALT_ATTRIBUTIONS);
  });
});
