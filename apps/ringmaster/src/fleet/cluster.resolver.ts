import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { notFound } from '@ringmaster/domain';
import { Roles } from '../auth/roles.decorator.js';
import type { ApiContext } from '../graphql/api.context.js';
import { toLabelList } from '../graphql/label.types.js';
import { Cluster, RegisterClusterInput, UpdateClusterInput } from './cluster.model.js';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';
import { CordonCluster } from './cordon-cluster.usecase.js';
import { RegisterCluster } from './register-cluster.usecase.js';
import { RemoveCluster } from './remove-cluster.usecase.js';
import { UpdateCluster } from './update-cluster.usecase.js';

/** clusters, cluster(name), registerCluster, updateCluster, cordonCluster, uncordonCluster, removeCluster. */
@Resolver(() => Cluster)
export class ClusterResolver {
  constructor(
    private readonly repository: ClusterRepository,
    private readonly register: RegisterCluster,
    private readonly update: UpdateCluster,
    private readonly cordon: CordonCluster,
    private readonly remove: RemoveCluster,
  ) {}

  @Roles('VIEWER')
  @Query(() => [Cluster], { description: 'every registered cluster, by name' })
  async clusters(): Promise<Cluster[]> {
    return (await this.repository.list()).map(toModel);
  }

  @Roles('VIEWER')
  @Query(() => Cluster, { description: 'one cluster; NOT_FOUND when none has this name' })
  async cluster(@Args('name') name: string): Promise<Cluster> {
    const row = await this.repository.findByName(name);
    if (!row) throw notFound('cluster', name);
    return toModel(row);
  }

  @ResolveField(() => Int)
  environmentCount(@Parent() cluster: Cluster, @Context() ctx: ApiContext): Promise<number> {
    return ctx.loaders
      .get<string, number>('cluster.environmentCount', async (ids) => {
        const counts = await this.repository.environmentCounts(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      })
      .load(cluster.id);
  }

  @Roles('ADMIN')
  @Mutation(() => Cluster, { description: 'registers a cluster after checking its kubeconfig' })
  async registerCluster(@Args('input') input: RegisterClusterInput): Promise<Cluster> {
    return toModel(await this.register.execute(input));
  }

  @Roles('ADMIN')
  @Mutation(() => Cluster)
  async updateCluster(@Args('input') input: UpdateClusterInput): Promise<Cluster> {
    return toModel(await this.update.execute(input));
  }

  @Roles('ADMIN')
  @Mutation(() => Cluster, { description: 'no new deployments go to the cluster; idempotent' })
  async cordonCluster(@Args('name') name: string): Promise<Cluster> {
    return toModel(await this.cordon.execute(name, true));
  }

  @Roles('ADMIN')
  @Mutation(() => Cluster, { description: 'undoes cordonCluster; idempotent' })
  async uncordonCluster(@Args('name') name: string): Promise<Cluster> {
    return toModel(await this.cordon.execute(name, false));
  }

  @Roles('ADMIN')
  @Mutation(() => Cluster, { description: 'forgets a cluster never targeted by a train; returns it as it was' })
  async removeCluster(@Args('name') name: string): Promise<Cluster> {
    return toModel(await this.remove.execute(name));
  }
}

function toModel(row: ClusterRow): Cluster {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    labels: toLabelList(row.labels),
    inlineKubeconfig: row.kubeconfigEncrypted !== null,
    kubeconfigPath: row.kubeconfigPath,
    context: row.context,
    prometheusUrl: row.prometheusUrl,
    state: row.state,
    unreachableSince: row.unreachableSince,
    lastError: row.lastError,
    lastDiscoveredAt: row.lastDiscoveredAt,
    createdAt: row.createdAt,
  };
}
