import type { DemoApi } from './demo.api.js';
import { EventFeed } from './event.feed.js';
import { eventLine, progressBlock, type Style } from './progress.render.js';
import type { Screen } from './terminal.screen.js';
import type { TrainView } from './train.queries.js';

/** Statuses after which a train does nothing more by itself. */
export const SETTLED_STATUSES = ['COMPLETED', 'ROLLED_BACK', 'CANCELLED'];

export interface FollowOptions {
  /** how often the train is read */
  pollMs: number;
  /** give up (and answer the train as it is) after this long */
  timeoutMs: number;
  /** called once per ring that waits at its manual gate */
  onAwaitingApproval?: (train: TrainView, ring: string) => Promise<void>;
}

/** What following a train saw. */
export interface Followed {
  train: TrainView;
  elapsedMs: number;
  timedOut: boolean;
}

/**
 * Reads the train over GraphQL every `pollMs` until it settles: prints its new events above a live block of
 * progress bars (one per ring, with counts by state), and hands rings waiting at a manual gate to
 * `onAwaitingApproval`.
 */
export async function followTrain(
  api: DemoApi,
  id: string,
  screen: Screen,
  style: Style,
  options: FollowOptions,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<Followed> {
  const started = Date.now();
  const feed = new EventFeed(api.eventsPaged);
  const handled = new Set<string>();
  for (;;) {
    const train = await api.train(id, feed.cursor);
    const elapsedMs = Date.now() - started;
    const events = feed.next(train);
    if (events.length) screen.log(...events.map((e) => eventLine(e, style)));
    screen.status(progressBlock(train, elapsedMs, style));
    if (SETTLED_STATUSES.includes(train.status)) return { train, elapsedMs, timedOut: false };
    if (elapsedMs > options.timeoutMs) return { train, elapsedMs, timedOut: true };
    const waiting = train.rings.find((r) => r.status === 'AWAITING_APPROVAL' && !handled.has(r.name));
    if (waiting && options.onAwaitingApproval) {
      handled.add(waiting.name);
      await options.onAwaitingApproval(train, waiting.name);
      continue;
    }
    await sleep(options.pollMs);
  }
}
