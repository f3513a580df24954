import { Module } from '@nestjs/common';
import { DashboardAssets } from './dashboard.assets.js';
import { DashboardController } from './dashboard.controller.js';
import { DASHBOARD_ASSETS } from './dashboard.tokens.js';

/** Serves the dashboard at `/` (see dashboard.controller.ts); its files are read once at start. */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DASHBOARD_ASSETS, useFactory: () => DashboardAssets.load() }],
})
export class DashboardModule {}
