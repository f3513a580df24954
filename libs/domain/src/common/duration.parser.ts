import { badUserInput } from './domain.errors.js';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** Units in the only order they may appear, largest first. `ms` is accepted so formatDuration round-trips. */
const UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['d', MS_PER_DAY],
  ['h', MS_PER_HOUR],
  ['m', MS_PER_MINUTE],
  ['s', MS_PER_SECOND],
  ['ms', 1],
];

// one or more "<digits><unit>" parts, each unit at most once, largest first: 45s, 30m, 2h, 1h30m, 0s, 1s500ms
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses a duration like `45s`, `30m`, `2h`, `1h30m` or `0s` into milliseconds.
 * Units: d, h, m, s, ms, each at most once and largest first; no spaces, signs, fractions or bare numbers.
 * Throws a BAD_USER_INPUT DomainError naming `field` when the text is not such a duration.
 * (The `ms` package was considered: it takes neither `1h30m` nor refuses `1.5h`/`5`, so a strict grammar is kept.)
 */
export function parseDuration(text: string, field = 'duration'): number {
  const match = DURATION.exec(text);
  if (text === '' || !match || match.slice(1).every((part) => part === undefined)) {
    throw badUserInput(field, `"${text}" is not a duration; use a number and a unit like 45s, 30m, 2h or 1h30m`);
  }
  let total = 0;
  UNITS.forEach(([, unitMs], i) => {
    const part = match[i + 1];
    if (part !== undefined) total += Number(part) * unitMs;
  });
  if (!Number.isSafeInteger(total)) throw badUserInput(field, `"${text}" is too long a duration`);
  return total;
}

/** Formats milliseconds as the shortest duration parseDuration reads back to the same value: 5400000 → `1h30m`. */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`cannot format ${ms} as a duration`);
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, unitMs] of UNITS) {
    const count = Math.floor(rest / unitMs);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * unitMs;
    }
  }
  return text;
}
