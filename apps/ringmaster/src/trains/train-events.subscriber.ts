import type { StoredEvent } from './train-events.repository.js';
import type { TrainEvent } from './train-event.model.js';

/**
 * One `trainEvents` subscription: the async iterator graphql-ws reads, fed by the TrainEventsFeed. `after` is the
 * seq of the last event handed to it; events wait in a buffer until the client's socket takes them.
 */
export class TrainEventsSubscriber implements AsyncIterableIterator<TrainEvent> {
  private readonly buffer: TrainEvent[] = [];
  private waiting: ((result: IteratorResult<TrainEvent>) => void) | undefined;
  private ended = false;

  constructor(
    readonly trainId: string,
    /** the seq of the last event delivered (or skipped: those before the subscription) */
    public after: bigint,
    private readonly onEnd: (subscriber: TrainEventsSubscriber) => void,
  ) {}

  /** How many events wait for the client. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Hands over an event newer than `after`. */
  push(stored: StoredEvent): void {
    if (this.ended) return;
    this.after = BigInt(stored.seq);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting({ value: stored.event, done: false });
    else this.buffer.push(stored.event);
  }

  /** Ends the subscription (client gone, or the service stopping). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<TrainEvent>> {
    const event = this.buffer.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** graphql-ws calls this when the client completes the subscription or the socket closes. */
  return(): Promise<IteratorResult<TrainEvent>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TrainEvent> {
    return this;
  }
}
