/** DI token of the dashboard's files (a DashboardAssets). */
export const DASHBOARD_ASSETS = Symbol('DASHBOARD_ASSETS');
