import { hostname } from 'node:os';
import path from 'node:path';
import { configSchema } from './config.schema.js';

/** Where the service keeps its state. */
export type DatabaseConfig = { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string };

/** The service's configuration, typed and validated. */
export interface RingmasterConfig {
  http: { host: string; port: number };
  database: DatabaseConfig;
  /** apply pending migrations when the service starts */
  migrateOnStart: boolean;
  dataDir: string;
  adminToken?: string;
  /** AES-256 key for secrets stored in the database (kubeconfigs, webhook secrets) */
  encryptionKey?: Buffer;
  /** introspection of the schema; the Apollo Sandbox page on GET /graphql (a browser IDE, loaded from Apollo's CDN) */
  graphql: { introspection: boolean; sandbox: boolean };
  instanceId: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** where users reach this service (no trailing slash): the base of links in notifications */
  publicUrl: string;
  /** outbound notifications: hosts and CIDRs allowed although private/loopback, dead-letter horizon, dispatch interval */
  notifications?: { allowHosts: string[]; allowCidrs: string[]; deadAfterMs: number; intervalMs: number };
  /** the train engine: least time between two bake-telemetry looks at a ring, shortest PromQL window of a bake */
  engine?: { bakeObserveIntervalMs: number; bakeMinWindowSeconds: number };
  /** schedules: how often each replica re-reads the Schedule table to keep its cron jobs in line with it */
  schedules?: { syncIntervalMs: number };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
function durationMs(text: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m|h)$/.exec(text)!;
  return Number(n) * UNIT_MS[unit!]!;
}
/** `http://<HOST>:<PORT>`, the address the service listens on (IPv6 in brackets). */
function listenUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
function isCidrOrAddress(entry: string): boolean {
  return /^[\d.]+(\/\d+)?$/.test(entry) || entry.includes(':');
}

/** A configuration value is wrong; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment once. Throws ConfigError naming every variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RingmasterConfig {
  // an empty variable means "not set", as in most shells' `VAR= cmd`
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'configuration');
      const value = env[variable];
      const shown = value === undefined || /TOKEN|KEY|URL/.test(variable) ? '' : ` (got "${value}")`;
      return `${variable} ${issue.message}${shown}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.RINGMASTER_DATA_DIR);
  return {
    http: { host: c.HOST, port: c.PORT },
    database: c.DATABASE_URL
      ? { kind: 'postgres', url: c.DATABASE_URL }
      : { kind: 'embedded', dataDir: path.join(dataDir, 'pglite') },
    migrateOnStart: c.RINGMASTER_MIGRATE_ON_START,
    dataDir,
    adminToken: c.RINGMASTER_ADMIN_TOKEN,
    encryptionKey: c.RINGMASTER_ENCRYPTION_KEY,
    graphql: { introspection: c.RINGMASTER_GRAPHQL_INTROSPECTION, sandbox: c.RINGMASTER_GRAPHQL_SANDBOX },
    instanceId: c.RINGMASTER_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    logLevel: c.LOG_LEVEL,
    publicUrl: (c.RINGMASTER_PUBLIC_URL ?? listenUrl(c.HOST, c.PORT)).replace(/\/+$/, ''),
    notifications: {
      allowHosts: (c.RINGMASTER_NOTIFY_ALLOW ?? '').split(',').filter((e) => e !== '' && !isCidrOrAddress(e)),
      allowCidrs: (c.RINGMASTER_NOTIFY_ALLOW ?? '').split(',').filter((e) => e !== '' && isCidrOrAddress(e)),
      deadAfterMs: durationMs(c.RINGMASTER_NOTIFY_DEAD_AFTER),
      intervalMs: durationMs(c.RINGMASTER_NOTIFY_INTERVAL),
    },
    engine: {
      bakeObserveIntervalMs: c.RINGMASTER_BAKE_OBSERVE_INTERVAL,
      bakeMinWindowSeconds: c.RINGMASTER_BAKE_MIN_WINDOW / 1000,
    },
    schedules: { syncIntervalMs: c.RINGMASTER_SCHEDULE_SYNC_INTERVAL },
  };
}
