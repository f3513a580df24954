import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgresql:' || url.protocol === 'postgres:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must be a URL like postgresql://user:password@host:5432/database' },
);

/** Base64 or hex encoding of exactly 32 bytes (an AES-256 key). */
const encryptionKey = z.string().transform((value, ctx) => {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, base64 or hex (e.g. `openssl rand -base64 32`)' });
    return z.NEVER;
  }
  return key;
});

/** An absolute http(s) URL without credentials, query or fragment: the base of links the service hands out. */
const publicUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL without query or fragment, like https://ringmaster.example.com' },
);

const DURATION = /^(\d+)(ms|s|m|h)$/;
const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration like `5s`, `500ms`, `2m`, `1h` (`fallback` when unset), as milliseconds, above zero (and a whole number
 * of seconds if asked).
 */
function positiveDuration(fallback: string, example: string, opts: { wholeSeconds?: boolean } = {}) {
  const message = opts.wholeSeconds
    ? `must be a whole number of seconds above 0, like ${example}`
    : `must be a duration above 0, like ${example}`;
  return z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = DURATION.exec(value);
      const ms = match ? Number(match[1]) * DURATION_UNIT_MS[match[2]!]! : 0;
      if (ms <= 0 || (opts.wholeSeconds && ms % 1000 !== 0)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return ms;
    });
}

/**
 * Every setting the service reads, by environment variable. Parsed once at boot; nothing else reads process.env.
 * The keys are the variable names so that an error can name the variable at fault.
 */
export const configSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  RINGMASTER_DATA_DIR: z.string().min(1).default('./data'),
  RINGMASTER_MIGRATE_ON_START: booleanString.default(true),
  RINGMASTER_ADMIN_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  RINGMASTER_ENCRYPTION_KEY: encryptionKey.optional(),
  RINGMASTER_GRAPHQL_INTROSPECTION: booleanString.default(true),
  RINGMASTER_GRAPHQL_SANDBOX: booleanString.default(false),
  RINGMASTER_INSTANCE_ID: z.string().min(1).optional(),
  RINGMASTER_PUBLIC_URL: publicUrl.optional(),
  RINGMASTER_NOTIFY_ALLOW: z
    .string()
    .regex(/^[\w.:/\-[\]]+(,[\w.:/\-[\]]+)*$/, { message: 'must be a comma-separated list of hosts and CIDRs' })
    .optional(),
  RINGMASTER_NOTIFY_DEAD_AFTER: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, { message: 'must be a duration like 30m or 24h' })
    .default('24h'),
  RINGMASTER_NOTIFY_INTERVAL: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, { message: 'must be a duration like 500ms or 2s' })
    .default('1s'),
  RINGMASTER_BAKE_OBSERVE_INTERVAL: positiveDuration('5s', '5s or 500ms'),
  RINGMASTER_BAKE_MIN_WINDOW: positiveDuration('60s', '60s or 2m', { wholeSeconds: true }),
  RINGMASTER_SCHEDULE_SYNC_INTERVAL: positiveDuration('15s', '15s or 1m'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export type RawConfig = z.infer<typeof configSchema>;
