import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { TrainEventsRepository } from './train-events.repository.js';
import { TrainEventsSubscriber } from './train-events.subscriber.js';

/** How often the feed reads new events of the subscribed trains. */
export const TRAIN_EVENTS_POLL_MS = 250;
/** Events read per train and poll; more wait for the next poll. */
const EVENTS_PER_POLL = 500;
/** A subscriber with this many events not yet taken by its client is not read for until it catches up. */
const MAX_BUFFERED = 1_000;

/**
 * Delivers `trainEvents` from the Event table, where the engine writes them on whichever replica drives the train:
 * while anyone subscribes, one statement per poll reads every subscribed train's events after its cursor. A
 * train's events are written under its row's lock, so they become visible in seq order and a cursor skips none.
 */
@Injectable()
export class TrainEventsFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(TrainEventsFeed.name);
  private readonly subscribers = new Set<TrainEventsSubscriber>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(@Inject(TrainEventsRepository) private readonly events: TrainEventsRepository) {}

  /** The events of `trainId` with a seq above `after`, as they are written, until the subscriber ends. */
  subscribe(trainId: string, after: bigint): TrainEventsSubscriber {
    const subscriber = new TrainEventsSubscriber(trainId, after, (s) => this.subscribers.delete(s));
    if (this.stopped) subscriber.end();
    else this.subscribers.add(subscriber);
    this.schedule();
    return subscriber;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const subscriber of [...this.subscribers]) subscriber.end();
    await this.polling;
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.polling || this.subscribers.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    }, TRAIN_EVENTS_POLL_MS);
  }

  private async poll(): Promise<void> {
    const byTrain = new Map<string, TrainEventsSubscriber[]>();
    for (const s of this.subscribers) {
      if (s.buffered >= MAX_BUFFERED) continue;
      const subs = byTrain.get(s.trainId) ?? [];
      subs.push(s);
      byTrain.set(s.trainId, subs);
    }
    // per train, read from the subscriber furthest behind; the others skip what they already have
    const cursors = [...byTrain].map(([trainId, subs]) => ({
      trainId,
      after: subs.reduce((min, s) => (s.after < min ? s.after : min), subs[0].after).toString(),
    }));
    try {
      for (const stored of await this.events.after(cursors, EVENTS_PER_POLL)) {
        const seq = BigInt(stored.seq);
        for (const s of byTrain.get(stored.event.trainId ?? '') ?? []) if (seq > s.after) s.push(stored);
      }
    } catch (error) {
      // the database is away for a moment: the cursors did not move, the next poll reads the same events
      this.logger.warn(`reading train events failed: ${(error as Error).message}`);
    }
  }
}
