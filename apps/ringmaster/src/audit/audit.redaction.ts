/** Argument names whose values never reach the audit log. */
const SECRET_KEYS = /kubeconfig$|secret|token$|password/i;
export const REDACTED = '[redacted]';

/**
 * A copy of mutation arguments with secrets replaced by `[redacted]`: any key named like kubeconfig, secret,
 * token or password, at any depth. `kubeconfigPath` is kept (a path is not a secret).
 */
export function redactArguments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactArguments);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        key,
        SECRET_KEYS.test(key) && v !== null && v !== undefined ? REDACTED : redactArguments(v),
      ]),
    );
  }
  return value;
}
