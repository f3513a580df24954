import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '@ringmaster/domain';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';

/**
 * removeCluster: forgets a cluster and its environments. Refused (CONFLICT) when trains have targeted its
 * environments: their history would be lost; cordon it instead.
 */
@Injectable()
export class RemoveCluster {
  constructor(private readonly clusters: ClusterRepository) {}

  async execute(name: string): Promise<ClusterRow> {
    const current = await this.clusters.findByName(name);
    if (!current) throw notFound('cluster', name);
    const targets = await this.clusters.removeUnlessTargeted(current.id);
    if (targets > 0) {
      throw conflict(`cluster "${name}" has ${targets} train targets in its history; cordon it instead of removing it`);
    }
    return current;
  }
}
