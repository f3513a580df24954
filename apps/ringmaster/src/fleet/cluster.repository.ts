import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type { ClusterState } from '../graphql/domain-enums.graphql.js';

/** A Cluster row as stored (the encrypted kubeconfig included: never hand it to the API as is). */
export interface ClusterRow {
  id: string;
  name: string;
  region: string;
  labels: unknown;
  kubeconfigEncrypted: string | null;
  kubeconfigPath: string | null;
  context: string | null;
  prometheusUrl: string | null;
  state: ClusterState;
  unreachableSince: Date | null;
  lastError: string | null;
  lastDiscoveredAt: Date | null;
  createdAt: Date;
}

/** The stored parts of a cluster a registration or update writes. */
export interface ClusterWrite {
  region: string;
  labels: Record<string, string>;
  kubeconfigEncrypted: string | null;
  kubeconfigPath: string | null;
  context: string | null;
  prometheusUrl: string | null;
}

/** Cluster rows. */
@Injectable()
export class ClusterRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  list(): Promise<ClusterRow[]> {
    return this.prisma.cluster.findMany({ orderBy: { name: 'asc' } });
  }

  findByName(name: string): Promise<ClusterRow | null> {
    return this.prisma.cluster.findUnique({ where: { name } });
  }

  create(name: string, data: ClusterWrite): Promise<ClusterRow> {
    return this.prisma.cluster.create({ data: { name, ...data } });
  }

  update(name: string, data: ClusterWrite): Promise<ClusterRow> {
    return this.prisma.cluster.update({ where: { name }, data });
  }

  setState(name: string, state: ClusterState): Promise<ClusterRow> {
    return this.prisma.cluster.update({ where: { name }, data: { state } });
  }

  /**
   * Deletes the cluster and its environments in one transaction, unless a train ever targeted one of them
   * (returns the number of such targets, and deletes nothing).
   */
  async removeUnlessTargeted(id: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const targets = await tx.target.count({ where: { environment: { clusterId: id } } });
      if (targets > 0) return targets;
      await tx.cluster.delete({ where: { id } });
      return 0;
    });
  }

  /** Present environments per cluster id, for the environmentCount DataLoader. */
  async environmentCounts(clusterIds: readonly string[]): Promise<Map<string, number>> {
    const groups = await this.prisma.environment.groupBy({
      by: ['clusterId'],
      where: { clusterId: { in: [...clusterIds] }, goneAt: null },
      _count: { _all: true },
    });
    return new Map(groups.map((g) => [g.clusterId, g._count._all]));
  }
}
