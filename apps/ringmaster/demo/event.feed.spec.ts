import { describe, expect, it } from '@jest/globals';
import { derivedEvents, EventFeed } from './event.feed.js';
import type { RingView, TrainView } from './train.queries.js';

const ring = (name: string, status: string, failed = 0, total = 4): RingView => ({
  name,
  status,
  startedAt: null,
  bakeEndsAt: null,
  targetCounts: { total, pending: 0, deploying: 0, healthy: total - failed, failed, excluded: 0, rolledBack: 0 },
});
const train = (status: string, rings: RingView[], haltReason: string | null = null): TrainView => ({
  id: 't',
  status,
  releaseVersion: '2026.49.1',
  currentRing: null,
  haltReason,
  rings,
});

describe('derivedEvents (a schema without Train.events)', () => {
  it.each<[string, TrainView | undefined, TrainView, string[]]>([
    ['nothing changed', train('RUNNING', [ring('a', 'BAKING')]), train('RUNNING', [ring('a', 'BAKING')]), []],
    [
      'the first read of a started train',
      undefined,
      train('RUNNING', [ring('a', 'DEPLOYING'), ring('b', 'PENDING')]),
      ['TRAIN_STARTED', 'RING_STARTED a'],
    ],
    [
      'a ring passes and the next starts',
      train('RUNNING', [ring('a', 'BAKING'), ring('b', 'PENDING')]),
      train('RUNNING', [ring('a', 'PASSED'), ring('b', 'DEPLOYING')]),
      ['RING_PASSED a', 'RING_STARTED b'],
    ],
    [
      'targets fail and the train halts with its reason',
      train('RUNNING', [ring('a', 'DEPLOYING')]),
      train('HALTED', [ring('a', 'FAILED', 2)], 'budget exhausted'),
      ['TRAIN_HALTED', 'TARGET_FAILED a', 'RING_FAILED a'],
    ],
    [
      'rolled back',
      train('ROLLING_BACK', [ring('a', 'ROLLING_BACK', 2)]),
      train('ROLLED_BACK', [ring('a', 'ROLLED_BACK', 2)]),
      ['TRAIN_ROLLED_BACK', 'RING_ROLLED_BACK a'],
    ],
  ])('%s', (_name, previous, next, expected) => {
    expect(derivedEvents(previous, next).map((e) => (e.ring ? `${e.type} ${e.ring}` : e.type))).toEqual(expected);
  });

  it('tells why a train halted', () => {
    const [halted] = derivedEvents(train('RUNNING', []), train('HALTED', [], 'budget of ring a exhausted'));
    expect(halted.message).toBe('train 2026.49.1 halted: budget of ring a exhausted');
  });
});

describe('EventFeed', () => {
  const withEvents = (types: string[], endCursor: string | null = null): TrainView => ({
    ...train('RUNNING', []),
    events: { edges: types.map((type) => ({ node: { type, message: type } })), pageInfo: { endCursor } },
  });

  it('paged: every answer holds only new events, and the cursor moves on (or stays when none came)', () => {
    const feed = new EventFeed(true);
    expect(feed.next(withEvents(['A', 'B'], 'c2')).map((e) => e.type)).toEqual(['A', 'B']);
    expect(feed.cursor).toBe('c2');
    expect(feed.next(withEvents([], null))).toEqual([]);
    expect(feed.cursor).toBe('c2');
  });

  it('unpaged: the events beyond those already shown', () => {
    const feed = new EventFeed(false);
    expect(feed.next(withEvents(['A'])).map((e) => e.type)).toEqual(['A']);
    expect(feed.next(withEvents(['A', 'B', 'C'])).map((e) => e.type)).toEqual(['B', 'C']);
  });

  it('without events in the answer, derives them from status changes', () => {
    const feed = new EventFeed(true);
    feed.next(train('RUNNING', [ring('a', 'DEPLOYING')]));
    expect(feed.next(train('RUNNING', [ring('a', 'BAKING')])).map((e) => e.type)).toEqual(['RING_BAKING']);
  });
});
