import { targetCountsOf } from '@ringmaster/domain';
import {
  attributionsFor,
  type AttributionFact,
  type NotificationAttribution,
  type NotificationCounts,
} from '@ringmaster/notifications';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';

/** The facts of an event its context depends on. */
export interface ContextualEvent {
  readonly type: string;
  readonly trainId: string | null;
  readonly ring: string | null;
  readonly environment: string | null;
  readonly occurredAt: Date;
  /** the train's ring names by position (its plan snapshot) */
  readonly ringNames: readonly string[];
}

/** What a notification shows beyond its event row, read when it is sent. */
export interface NotificationContext {
  /** targets by state: of the event's ring, or of the whole train for an event of no ring */
  readonly counts?: NotificationCounts;
  /** the stored judgements that explain the event, most telling first (see `attributionsFor`) */
  readonly attributions: readonly NotificationAttribution[];
}

/** Event types that stored attributions explain; other events need no Attribution read. */
const EXPLAINED = new Set(['TRAIN_HALTED', 'TARGET_FAILED', 'ATTRIBUTED', 'TARGET_EXCLUDED']);

type ByStatus = Record<string, number>;

/**
 * Reads the context of a batch of events at delivery time, in two queries whatever the batch: the targets of
 * their trains grouped by ring and state (one GROUP BY over the (trainId, ringPosition, status) index), and the
 * attributions that may explain them. The engine's events stay as the engine wrote them.
 */
export class NotificationContextReader {
  constructor(private readonly prisma: PrismaClient) {}

  async read(events: readonly ContextualEvent[]): Promise<NotificationContext[]> {
    const trainIds = [...new Set(events.flatMap((e) => (e.trainId ? [e.trainId] : [])))];
    const [rings, facts] = await Promise.all([
      this.countsByRing(trainIds),
      this.attributionFacts(events.filter((e) => e.trainId && EXPLAINED.has(e.type))),
    ]);
    return events.map((e) => {
      if (!e.trainId) return { attributions: [] };
      const counts = countsOf(e, rings.get(e.trainId));
      const attributions = EXPLAINED.has(e.type)
        ? attributionsFor(
            {
              type: e.type,
              ...(e.ring !== null ? { ring: e.ring } : {}),
              ...(e.environment !== null ? { environment: e.environment } : {}),
              occurredAt: e.occurredAt.getTime(),
            },
            facts.get(e.trainId) ?? [],
          )
        : [];
      return counts ? { counts, attributions } : { attributions };
    });
  }

  /** trainId → ring position → targets by status. */
  private async countsByRing(trainIds: string[]): Promise<Map<string, Map<number, ByStatus>>> {
    const byTrain = new Map<string, Map<number, ByStatus>>();
    if (trainIds.length === 0) return byTrain;
    const groups = await this.prisma.target.groupBy({
      by: ['trainId', 'ringPosition', 'status'],
      where: { trainId: { in: trainIds } },
      _count: { _all: true },
    });
    for (const g of groups) {
      const rings = byTrain.get(g.trainId) ?? new Map<number, ByStatus>();
      byTrain.set(g.trainId, rings);
      const ring = rings.get(g.ringPosition) ?? {};
      rings.set(g.ringPosition, ring);
      ring[g.status] = (ring[g.status] ?? 0) + g._count._all;
    }
    return byTrain;
  }

  /**
   * trainId → the judgements the events may need, with each target's current cause: a target event's own
   * target's, a halt's ring's (but CUSTOMER_CODE ones, which never halt a train).
   */
  private async attributionFacts(events: readonly ContextualEvent[]): Promise<Map<string, AttributionFact[]>> {
    const byTrain = new Map<string, AttributionFact[]>();
    const envs = new Map<string, Set<string>>();
    const halts: Prisma.AttributionWhereInput[] = [];
    for (const e of events) {
      const trainId = e.trainId!;
      if (e.type === 'TRAIN_HALTED') {
        halts.push({ trainId, ...(e.ring !== null ? { ring: e.ring } : {}), cause: { not: 'CUSTOMER_CODE' } });
      } else if (e.environment !== null) {
        envs.set(trainId, (envs.get(trainId) ?? new Set()).add(e.environment));
      }
    }
    const wanted: Prisma.AttributionWhereInput[] = [
      ...halts,
      ...[...envs].map(([trainId, names]) => ({ trainId, target: { environment: { name: { in: [...names] } } } })),
    ];
    if (wanted.length === 0) return byTrain;
    const rows = await this.prisma.attribution.findMany({
      where: { OR: wanted },
      select: {
        trainId: true,
        ring: true,
        cause: true,
        confidence: true,
        evidence: true,
        signature: true,
        overriddenBy: true,
        createdAt: true,
        target: { select: { cause: true, environment: { select: { name: true } } } },
      },
    });
    for (const r of rows) {
      const list = byTrain.get(r.trainId) ?? [];
      byTrain.set(r.trainId, list);
      list.push({
        environment: r.target.environment.name,
        ring: r.ring,
        cause: r.cause,
        confidence: r.confidence,
        evidence: r.evidence,
        ...(r.signature !== null ? { signature: r.signature } : {}),
        ...(r.overriddenBy !== null ? { overriddenBy: r.overriddenBy } : {}),
        ...(r.target.cause !== null ? { targetCause: r.target.cause } : {}),
        createdAt: r.createdAt.getTime(),
      });
    }
    return byTrain;
  }
}

/** The event's ring counts; the whole train's for an event of no ring; none for a ring the train does not have. */
function countsOf(e: ContextualEvent, rings: Map<number, ByStatus> | undefined): NotificationCounts | undefined {
  if (e.ring === null) {
    const all: ByStatus = {};
    for (const ring of rings?.values() ?? []) {
      for (const [status, n] of Object.entries(ring)) all[status] = (all[status] ?? 0) + n;
    }
    return { scope: 'train', ...targetCountsOf(all) };
  }
  const position = e.ringNames.indexOf(e.ring);
  if (position === -1) return undefined;
  return { scope: 'ring', ...targetCountsOf(rings?.get(position) ?? {}) };
}
