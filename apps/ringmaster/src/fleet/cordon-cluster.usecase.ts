import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@ringmaster/domain';
import { ClusterConnections } from '../inventory/cluster.connections.js';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';

/**
 * cordonCluster / uncordonCluster: a cordoned cluster gets no new deployments. Idempotent: cordoning a cordoned
 * cluster changes nothing; uncordoning makes it ACTIVE (health checks may mark it UNREACHABLE again).
 */
@Injectable()
export class CordonCluster {
  constructor(
    private readonly clusters: ClusterRepository,
    @Inject(ClusterConnections) private readonly connections: ClusterConnections,
  ) {}

  async execute(name: string, cordoned: boolean): Promise<ClusterRow> {
    const current = await this.clusters.findByName(name);
    if (!current) throw notFound('cluster', name);
    const wanted = cordoned ? 'CORDONED' : 'ACTIVE';
    if (current.state === wanted || (!cordoned && current.state !== 'CORDONED')) return current;
    const row = await this.clusters.setState(name, wanted);
    this.connections.cordon(name, cordoned);
    return row;
  }
}
