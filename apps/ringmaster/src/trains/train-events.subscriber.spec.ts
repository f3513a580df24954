import { describe, expect, it, jest } from '@jest/globals';
import type { StoredEvent } from './train-events.repository.js';
import { TrainEventsSubscriber } from './train-events.subscriber.js';

const stored = (seq: number): StoredEvent => ({
  seq: String(seq),
  event: {
    id: `e${seq}`,
    type: 'RING_STARTED',
    trainId: 't',
    ring: null,
    environment: null,
    message: `event ${seq}`,
    occurredAt: new Date(0),
    cursor: `c${seq}`,
  },
});

describe('TrainEventsSubscriber', () => {
  it('hands over buffered events in order and moves its cursor', async () => {
    const s = new TrainEventsSubscriber('t', 0n, () => undefined);
    s.push(stored(3));
    s.push(stored(5));
    expect(s.after).toBe(5n);
    expect(s.buffered).toBe(2);
    expect(await s.next()).toEqual({ value: stored(3).event, done: false });
    expect(await s.next()).toEqual({ value: stored(5).event, done: false });
    expect(s.buffered).toBe(0);
  });

  it('wakes a waiting reader when an event arrives', async () => {
    const s = new TrainEventsSubscriber('t', 0n, () => undefined);
    const waiting = s.next();
    s.push(stored(1));
    expect(await waiting).toEqual({ value: stored(1).event, done: false });
  });

  it('ends once on return(): a waiting reader is done, later events are dropped', async () => {
    const onEnd = jest.fn();
    const s = new TrainEventsSubscriber('t', 0n, onEnd);
    const waiting = s.next();
    expect(await s.return()).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    s.push(stored(2));
    s.end();
    expect(await s.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(s.after).toBe(0n);
  });

  it('delivers what was buffered before it ended', async () => {
    const s = new TrainEventsSubscriber('t', 0n, () => undefined);
    s.push(stored(1));
    s.end();
    expect(await s.next()).toEqual({ value: stored(1).event, done: false });
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });
});
