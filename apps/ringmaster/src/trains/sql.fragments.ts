// Pieces of the raw queries the train read side runs. Times cross the SQL boundary as epoch milliseconds (float8),
// as in the train store, so no driver's time-zone handling meets them.

/** `column` as epoch milliseconds named `alias`, for a SELECT list. */
export function ms(column: string, alias: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8 AS "${alias}"`;
}

/** Epoch milliseconds (or null) as a Date (or null). */
export function dateOf(value: number | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}
