import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { RingmasterConfig } from '@ringmaster/config';
import type { DatabaseHandle } from '@ringmaster/persistence';
import { DATABASE_HANDLE, RINGMASTER_CONFIG } from './database/database.tokens.js';
import { HealthController } from './health/health.controller.js';
import { ServiceInfoResolver } from './graphql/service-info.resolver.js';
import { ApiCoreModule } from './graphql/api-core.module.js';
import { graphqlOptions } from './graphql/graphql.options.js';
import { TokenAuthenticator } from './auth/token.authenticator.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { ReleasesModule } from './releases/releases.module.js';
import { RingPlansModule } from './ring-plans/ring-plans.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { AttributionModule } from './attribution/attribution.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { TrainsModule } from './trains/trains.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';

/** The service. Built from a parsed configuration and an open, migrated database (see bootstrap.ts). */
@Module({})
export class AppModule {
  static forRoot(config: RingmasterConfig, db: DatabaseHandle): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiCoreModule.forRoot({
          providers: [
            { provide: RINGMASTER_CONFIG, useValue: config },
            { provide: DATABASE_HANDLE, useValue: db },
          ],
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [TokenAuthenticator],
          useFactory: (authenticator: TokenAuthenticator) => graphqlOptions(config, authenticator),
        }),
        MetricsModule.forRoot(db),
        TokensModule,
        ReleasesModule,
        RingPlansModule,
        FleetModule,
        AttributionModule,
        InventoryModule,
        SchedulesModule,
        NotificationsModule,
        TrainsModule,
        DashboardModule,
      ],
      controllers: [HealthController],
      providers: [ServiceInfoResolver],
    };
  }
}
