const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Parses a duration as Argo Rollouts and scenarios write it: a number of seconds (`30`, `"30"`) or a unit string
 * (`"500ms"`, `"5s"`, `"2m"`, `"1h"`). Returns milliseconds, or undefined when it cannot be parsed.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const m = DURATION.exec(s);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}
