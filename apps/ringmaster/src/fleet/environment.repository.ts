import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { toLabelList } from '../graphql/label.types.js';
import type { Environment } from './environment.model.js';

/** What the database filters on; label, selector and ring filters are applied by the caller (ListEnvironments). */
export interface EnvironmentWhere {
  cluster?: string;
  tenant?: string;
  includeGone: boolean;
}

const INCLUDE = {
  cluster: { select: { name: true } },
  components: { orderBy: { name: 'asc' as const } },
} as const;

/** Environment rows (with cluster name and components), ordered by name. */
@Injectable()
export class EnvironmentRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** Every matching environment, by name. */
  async find(where: EnvironmentWhere): Promise<Environment[]> {
    const rows = await this.prisma.environment.findMany({
      where: toWhere(where),
      orderBy: { name: 'asc' },
      include: INCLUDE,
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      cluster: row.cluster.name,
      namespace: row.namespace,
      tenant: row.tenant,
      cohort: row.cohort,
      labels: toLabelList(row.labels),
      customerRevision: row.customerRevision,
      customerRevisionChangedAt: row.customerRevisionChangedAt,
      goneAt: row.goneAt,
      components: row.components.map((c) => ({
        name: c.name,
        rolloutName: c.rolloutName,
        image: c.image,
        workloadRef: c.workloadRef,
      })),
      updatedAt: row.updatedAt,
    }));
  }
}

function toWhere(where: EnvironmentWhere): Prisma.EnvironmentWhereInput {
  return {
    ...(where.cluster !== undefined ? { cluster: { name: where.cluster } } : {}),
    ...(where.tenant !== undefined ? { tenant: where.tenant } : {}),
    ...(where.includeGone ? {} : { goneAt: null }),
  };
}
