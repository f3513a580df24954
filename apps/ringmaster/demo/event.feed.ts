import type { RingView, TrainEventView, TrainView } from './train.queries.js';

const TRAIN_EVENT: Record<string, string> = {
  RUNNING: 'TRAIN_STARTED',
  AWAITING_APPROVAL: 'TRAIN_AWAITING_APPROVAL',
  HALTED: 'TRAIN_HALTED',
  ROLLING_BACK: 'ROLLBACK_STARTED',
  ROLLED_BACK: 'TRAIN_ROLLED_BACK',
  COMPLETED: 'TRAIN_COMPLETED',
  CANCELLED: 'TRAIN_CANCELLED',
};
const RING_EVENT: Record<string, string> = {
  DEPLOYING: 'RING_STARTED',
  BAKING: 'RING_BAKING',
  AWAITING_APPROVAL: 'RING_AWAITING_APPROVAL',
  PASSED: 'RING_PASSED',
  FAILED: 'RING_FAILED',
  ROLLING_BACK: 'RING_ROLLING_BACK',
  ROLLED_BACK: 'RING_ROLLED_BACK',
};

/**
 * Events told by two successive reads of a train, for a service whose schema has no `Train.events` yet: train and
 * ring status changes, and newly failed targets. Nothing when nothing changed.
 */
export function derivedEvents(previous: TrainView | undefined, next: TrainView): TrainEventView[] {
  const events: TrainEventView[] = [];
  if (previous?.status !== next.status && TRAIN_EVENT[next.status]) {
    const reason = next.haltReason && /HALTED|ROLL/.test(next.status) ? `: ${next.haltReason}` : '';
    events.push({
      type: TRAIN_EVENT[next.status],
      message: `train ${next.releaseVersion} ${lower(next.status)}${reason}`,
    });
  }
  next.rings.forEach((ring, i) => {
    const before: RingView | undefined = previous?.rings[i];
    const failed = ring.targetCounts.failed - (before?.targetCounts.failed ?? 0);
    if (failed > 0) {
      events.push({
        type: 'TARGET_FAILED',
        ring: ring.name,
        message: `${failed} target(s) failed in ring ${ring.name}`,
      });
    }
    if ((before?.status ?? 'PENDING') !== ring.status && RING_EVENT[ring.status]) {
      events.push({ type: RING_EVENT[ring.status], ring: ring.name, message: ringMessage(ring) });
    }
  });
  return events;
}

function ringMessage(ring: RingView): string {
  const c = ring.targetCounts;
  switch (ring.status) {
    case 'DEPLOYING':
      return `ring ${ring.name} started: ${c.total} target(s)`;
    case 'PASSED':
      return `ring ${ring.name} passed: ${c.healthy} healthy`;
    case 'ROLLED_BACK':
      return `ring ${ring.name} rolled back: ${c.rolledBack} target(s)`;
    default:
      return `ring ${ring.name} ${lower(ring.status)}`;
  }
}

function lower(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}

/**
 * The new events of each read: the service's own (`Train.events`, after the last cursor, or those beyond the ones
 * already shown when the connection has no cursor), or derived from status changes when the schema has no events.
 */
export class EventFeed {
  private previous: TrainView | undefined;
  private shown = 0;
  /** the `after` of the next read */
  cursor: string | null = null;

  constructor(private readonly paged: boolean) {}

  next(train: TrainView): TrainEventView[] {
    const previous = this.previous;
    this.previous = train;
    if (!train.events) return derivedEvents(previous, train);
    const nodes = train.events.edges.map((e) => e.node);
    if (this.paged) {
      this.cursor = train.events.pageInfo?.endCursor ?? this.cursor;
      return nodes;
    }
    const fresh = nodes.slice(this.shown);
    this.shown = nodes.length;
    return fresh;
  }
}
