import { Injectable } from '@nestjs/common';
import { notFound } from '@ringmaster/domain';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';

/**
 * cordonCluster / uncordonCluster: a cordoned cluster gets no new deployments. Idempotent: cordoning a cordoned
 * cluster changes nothing; uncordoning makes it ACTIVE (health checks may mark it UNREACHABLE again).
 */
@Injectable()
export class CordonCluster {
  constructor(private readonly clusters: ClusterRepository) {}

  async execute(name: string, cordoned: boolean): Promise<ClusterRow> {
    const current = await this.clusters.findByName(name);
    if (!current) throw notFound('cluster', name);
    const wanted = cordoned ? 'CORDONED' : 'ACTIVE';
    if (current.state === wanted || (!cordoned && current.state !== 'CORDONED')) return current;
    return this.clusters.setState(name, wanted);
  }
}
