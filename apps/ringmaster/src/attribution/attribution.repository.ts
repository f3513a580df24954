import type { Cause } from '@ringmaster/domain';
import type { AttributionResult } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';

/** An Attribution row as the API shows it (API.md, `type Attribution`). */
export interface AttributionRecord {
  id: string;
  trainId: string;
  targetId: string;
  environment: string;
  ring: string;
  cause: Cause;
  confidence: number;
  evidence: string[];
  signature: string | null;
  judgedCause: Cause | null;
  overriddenBy: string | null;
  overrideNote: string | null;
  overriddenAt: Date | null;
  createdAt: Date;
}

/** What a new judgement writes. */
export interface NewAttribution {
  trainId: string;
  targetId: string;
  ring: string;
  cause: Cause;
  confidence: number;
  evidence: string[];
  signature: string;
  createdAt: Date;
}

type Row = Awaited<ReturnType<PrismaClient['attribution']['findFirstOrThrow']>> & {
  target: { environment: { name: string } };
};

const WITH_ENVIRONMENT = { target: { select: { environment: { select: { name: true } } } } } as const;

/** Told of each Attribution row written, once it is stored (metrics); not of overrides. */
export type AttributionRecordedObserver = (record: AttributionRecord) => void;

/** Attribution rows: one per judgement (a retried target is judged again), the latest one counts. */
export class AttributionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly onRecorded: AttributionRecordedObserver = () => {},
  ) {}

  async create(row: NewAttribution): Promise<AttributionRecord> {
    const created = toRecord(await this.prisma.attribution.create({ data: row, include: WITH_ENVIRONMENT }));
    this.onRecorded(created);
    return created;
  }

  async find(id: string): Promise<AttributionRecord | null> {
    const row = await this.prisma.attribution.findUnique({ where: { id }, include: WITH_ENVIRONMENT });
    return row ? toRecord(row) : null;
  }

  /** Every attribution of a train, oldest first. */
  async listForTrain(trainId: string): Promise<AttributionRecord[]> {
    const rows = await this.prisma.attribution.findMany({
      where: { trainId },
      include: WITH_ENVIRONMENT,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toRecord);
  }

  /**
   * The latest attribution of each target of a train, as the engine's `Observations.attributions` (by environment).
   * The table keeps no attempt, so a row judged at or after the target's latest failure belongs to the current
   * attempt; an older row to an earlier one (which the domain ignores).
   */
  async latestForTrain(trainId: string): Promise<Map<string, AttributionResult>> {
    const rows = await this.prisma.attribution.findMany({
      where: { trainId },
      include: { target: { select: { attempts: true, failedAt: true, environment: { select: { name: true } } } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const latest = new Map<string, AttributionResult>();
    for (const row of rows) {
      const current = !row.target.failedAt || row.createdAt.getTime() >= row.target.failedAt.getTime();
      latest.set(row.target.environment.name, {
        attempt: current ? row.target.attempts : row.target.attempts - 1,
        cause: row.cause,
        confidence: row.confidence,
        evidence: row.evidence,
        signature: row.signature ?? undefined,
        overriddenBy: row.overriddenBy ?? undefined,
      });
    }
    return latest;
  }

  /** Records an override and wakes the train (its next reconcile is now), in one transaction. */
  async override(
    id: string,
    change: { cause: Cause; confidence: number; judgedCause: Cause; actor: string; note: string; at: Date },
  ): Promise<AttributionRecord> {
    const [updated] = await this.prisma.$transaction(async (tx) => {
      const row = await tx.attribution.update({
        where: { id },
        data: {
          cause: change.cause,
          confidence: change.confidence,
          judgedCause: change.judgedCause,
          overriddenBy: change.actor,
          overrideNote: change.note,
          overriddenAt: change.at,
        },
        include: WITH_ENVIRONMENT,
      });
      await tx.train.update({ where: { id: row.trainId }, data: { nextReconcileAt: change.at } });
      return [row];
    });
    return toRecord(updated);
  }
}

function toRecord(row: Row): AttributionRecord {
  return {
    id: row.id,
    trainId: row.trainId,
    targetId: row.targetId,
    environment: row.target.environment.name,
    ring: row.ring,
    cause: row.cause,
    confidence: row.confidence,
    evidence: row.evidence,
    signature: row.signature,
    judgedCause: row.judgedCause,
    overriddenBy: row.overriddenBy,
    overrideNote: row.overrideNote,
    overriddenAt: row.overriddenAt,
    createdAt: row.createdAt,
  };
}
