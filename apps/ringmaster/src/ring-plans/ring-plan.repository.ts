import { Inject, Injectable } from '@nestjs/common';
import { formatDuration, type FreezeWindow, type RingPlan as DomainRingPlan } from '@ringmaster/domain';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type { Ring, RingPlan } from './ring-plan.model.js';

const MS_PER_SECOND = 1000;
const WITH_RINGS = { rings: { orderBy: { position: 'asc' as const } } };

type RingRow = {
  position: number;
  name: string;
  kind: Ring['kind'];
  selector: string;
  maxParallel: number;
  bakeSeconds: number;
  maxFailures: number | null;
  maxFailurePercent: number | null;
  gate: Ring['gate'];
  analysis: unknown;
};
type PlanRow = Omit<RingPlan, 'rings' | 'freezeWindows'> & { rings: RingRow[]; freezeWindows: unknown };

/** RingPlan rows with their rings, as API models or as the domain's validated plan. */
@Injectable()
export class RingPlanRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  async list(): Promise<RingPlan[]> {
    const rows = await this.prisma.ringPlan.findMany({ orderBy: { name: 'asc' }, include: WITH_RINGS });
    return rows.map(toModel);
  }

  async findByName(name: string): Promise<RingPlan | null> {
    const row = await this.prisma.ringPlan.findUnique({ where: { name }, include: WITH_RINGS });
    return row ? toModel(row) : null;
  }

  /** Plans by id, for DataLoaders (train.ringPlan). */
  async findByIds(ids: readonly string[]): Promise<RingPlan[]> {
    const rows = await this.prisma.ringPlan.findMany({ where: { id: { in: [...ids] } }, include: WITH_RINGS });
    return rows.map(toModel);
  }

  /**
   * Creates the plan, or replaces its rings (and its freeze windows, unless `freezeWindows` is undefined: then the
   * stored ones stay) and bumps its revision, in one transaction. When the stored plan equals `plan` already, nothing
   * changes (same revision): upserting twice is idempotent.
   */
  async upsert(plan: DomainRingPlan, freezeWindows?: readonly FreezeWindow[]): Promise<RingPlan> {
    const windows = freezeWindows as unknown as Prisma.InputJsonValue | undefined;
    const rings = plan.rings.map((ring, position) => ({
      position,
      name: ring.name,
      kind: ring.kind,
      selector: ring.selector,
      maxParallel: ring.maxParallel,
      bakeSeconds: Math.round(ring.bakeMs / MS_PER_SECOND),
      maxFailures: ring.failureBudget.maxFailures ?? null,
      maxFailurePercent: ring.failureBudget.maxFailurePercent ?? null,
      gate: ring.gate,
      analysis: ring.analysis as object,
    }));
    const row = await this.prisma.$transaction(async (tx) => {
      const existing = await tx.ringPlan.findUnique({ where: { name: plan.name }, include: WITH_RINGS });
      if (!existing) {
        return tx.ringPlan.create({
          data: { name: plan.name, autoRollback: plan.autoRollback, freezeWindows: windows, rings: { create: rings } },
          include: WITH_RINGS,
        });
      }
      const sameWindows = windows === undefined || sameJson(existing.freezeWindows, windows);
      if (existing.autoRollback === plan.autoRollback && sameWindows && sameRings(existing.rings, rings)) {
        return existing;
      }
      await tx.ring.deleteMany({ where: { ringPlanId: existing.id } });
      return tx.ringPlan.update({
        where: { id: existing.id },
        data: {
          autoRollback: plan.autoRollback,
          freezeWindows: windows,
          revision: { increment: 1 },
          rings: { create: rings },
        },
        include: WITH_RINGS,
      });
    });
    return toModel(row);
  }
}

/** Equal JSON values (key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, sortedKeys(v)]));
}

function sameRings(stored: readonly RingRow[], wanted: readonly RingRow[]): boolean {
  return JSON.stringify(stored.map(comparable)) === JSON.stringify(wanted.map(comparable));
}

function comparable(r: RingRow) {
  const a = (r.analysis ?? {}) as Record<string, unknown>;
  const analysis = Object.fromEntries(
    Object.keys(a)
      .sort()
      .map((k) => [k, a[k]]),
  );
  return [
    r.position,
    r.name,
    r.kind,
    r.selector,
    r.maxParallel,
    r.bakeSeconds,
    r.maxFailures,
    r.maxFailurePercent,
    r.gate,
    analysis,
  ];
}

function toModel(row: PlanRow): RingPlan {
  return {
    id: row.id,
    name: row.name,
    revision: row.revision,
    autoRollback: row.autoRollback,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    freezeWindows: ((row.freezeWindows ?? []) as FreezeWindow[]).map((w) => ({ ...w })),
    rings: row.rings.map((r) => {
      const analysis = (r.analysis ?? {}) as Record<string, number | undefined>;
      return {
        position: r.position,
        name: r.name,
        kind: r.kind,
        selector: r.selector,
        maxParallel: r.maxParallel,
        bake: formatDuration(r.bakeSeconds * MS_PER_SECOND),
        bakeSeconds: r.bakeSeconds,
        failureBudget: { maxFailures: r.maxFailures, maxFailurePercent: r.maxFailurePercent },
        gate: r.gate,
        analysis: {
          maxErrorRatioIncrease: analysis.maxErrorRatioIncrease ?? null,
          maxLatencyRatio: analysis.maxLatencyRatio ?? null,
          minRequests: analysis.minRequests ?? null,
        },
      };
    }),
  };
}
