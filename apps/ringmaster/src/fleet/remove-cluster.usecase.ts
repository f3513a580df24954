import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@ringmaster/domain';
import { ClusterConnections } from '../inventory/cluster.connections.js';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';

/**
 * removeCluster: forgets a cluster and its environments. Refused (CONFLICT) when trains have targeted its
 * environments: their history would be lost; cordon it instead.
 */
@Injectable()
export class RemoveCluster {
  constructor(
    private readonly clusters: ClusterRepository,
    @Inject(ClusterConnections) private readonly connections: ClusterConnections,
  ) {}

  async execute(name: string): Promise<ClusterRow> {
    const current = await this.clusters.findByName(name);
    if (!current) throw notFound('cluster', name);
    const targets = await this.clusters.removeUnlessTargeted(current.id);
    if (targets > 0) {
      throw conflict(`cluster "${name}" has ${targets} train targets in its history; cordon it instead of removing it`);
    }
    await this.connections.disconnect(name);
    return current;
  }
}
