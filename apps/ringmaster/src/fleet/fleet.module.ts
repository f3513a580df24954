import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module.js';
import { RingPlansModule } from '../ring-plans/ring-plans.module.js';
import { ClusterProber } from './cluster.prober.js';
import { ClusterRepository } from './cluster.repository.js';
import { ClusterResolver } from './cluster.resolver.js';
import { CordonCluster } from './cordon-cluster.usecase.js';
import { EnvironmentRepository } from './environment.repository.js';
import { EnvironmentResolver } from './environment.resolver.js';
import { ListEnvironments } from './list-environments.query.js';
import { RegisterCluster } from './register-cluster.usecase.js';
import { RemoveCluster } from './remove-cluster.usecase.js';
import { UpdateCluster } from './update-cluster.usecase.js';

/** Clusters and environments API. Exports the repositories for the engine and discovery. */
@Module({
  imports: [RingPlansModule, InventoryModule],
  providers: [
    ClusterRepository,
    ClusterProber,
    EnvironmentRepository,
    RegisterCluster,
    UpdateCluster,
    CordonCluster,
    RemoveCluster,
    ListEnvironments,
    ClusterResolver,
    EnvironmentResolver,
  ],
  exports: [ClusterRepository, EnvironmentRepository],
})
export class FleetModule {}
