import { Inject } from '@nestjs/common';
import { Args, Field, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { notFound } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';
import { Roles } from '../auth/roles.decorator.js';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { ClusterConnections } from './cluster.connections.js';

/** What one discovery of a cluster found; `ok: false` with a message when the cluster could not be read. */
@ObjectType()
export class DiscoveryResult {
  @Field() cluster: string;
  @Field() ok: boolean;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => Int, { description: 'environments created or updated' }) upserted: number;
  @Field(() => Int, { description: 'environments whose Rollouts are gone' }) gone: number;
  @Field(() => Int) revisionChanges: number;
  @Field(() => Int, { description: 'duplicate environment names found (reported, not merged)' }) conflicts: number;
}

/** discoverEnvironments(cluster): discovery now, besides the timer and the watch events. */
@Resolver()
export class DiscoveryResolver {
  constructor(
    @Inject(ClusterConnections) private readonly connections: ClusterConnections,
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
  ) {}

  @Roles('ADMIN')
  @Mutation(() => DiscoveryResult, { description: "reads the cluster's Rollouts now and updates the inventory" })
  async discoverEnvironments(@Args('cluster') cluster: string): Promise<DiscoveryResult> {
    if (!(await this.prisma.cluster.findUnique({ where: { name: cluster } }))) throw notFound('cluster', cluster);
    const result = await this.connections.sync.syncCluster(cluster);
    const none = { upserted: 0, gone: 0, revisionChanges: 0, conflicts: 0 };
    return result.ok
      ? { ok: true, message: null, ...result.summary, cluster }
      : { cluster, ok: false, message: result.message, ...none };
  }
}
