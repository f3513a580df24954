import type { FreezeWindow } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';
import type { QueryTemplates } from '@ringmaster/telemetry';

/** What a pass needs of a train's live ring plan (and schedule) beyond the plan snapshot in its state. */
export interface TrainPlanContext {
  /** the ring plan's freeze windows, then its schedule's (a freeze added after the train was created applies) */
  freezeWindows: FreezeWindow[];
  /** the ring plan's PromQL overrides (RingPlan.queries) */
  queries: Partial<QueryTemplates>;
}

/** Where a pass gets a train's plan context; `TrainPlanReader` is the real one. */
export interface TrainPlanSource {
  read(trainId: string): Promise<TrainPlanContext>;
}

/** Reads a train's plan context from its RingPlan and Schedule rows in one query; nothing for an unknown train. */
export class TrainPlanReader implements TrainPlanSource {
  constructor(private readonly prisma: PrismaClient) {}

  async read(trainId: string): Promise<TrainPlanContext> {
    const row = await this.prisma.train.findUnique({
      where: { id: trainId },
      select: {
        ringPlan: { select: { queries: true, freezeWindows: true } },
        schedule: { select: { freezeWindows: true } },
      },
    });
    return {
      freezeWindows: [...windowsOf(row?.ringPlan.freezeWindows), ...windowsOf(row?.schedule?.freezeWindows)],
      queries: (row?.ringPlan.queries ?? {}) as Partial<QueryTemplates>,
    };
  }
}

function windowsOf(json: unknown): FreezeWindow[] {
  return Array.isArray(json) ? (json as FreezeWindow[]) : [];
}
