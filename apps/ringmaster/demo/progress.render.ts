import type { RingView, TargetCounts, TrainEventView, TrainView } from './train.queries.js';

/**
 * How lines are drawn: ANSI colours and block characters on a colour terminal, plain ASCII otherwise; clocks and
 * countdowns only when the block is redrawn in place (`live`), so that plain output prints a line only on a change.
 */
export interface Style {
  color: boolean;
  live: boolean;
}

type Segment = 'healthy' | 'deploying' | 'failed' | 'rolledBack' | 'excluded' | 'pending';
const SEGMENTS: Segment[] = ['healthy', 'failed', 'rolledBack', 'excluded', 'deploying', 'pending'];
const LABELS: Record<Segment, string> = {
  healthy: 'healthy',
  deploying: 'deploying',
  failed: 'failed',
  rolledBack: 'rolled back',
  excluded: 'excluded',
  pending: 'pending',
};
const BLOCK: Record<Segment, string> = {
  healthy: '█',
  failed: '█',
  rolledBack: '█',
  excluded: '░',
  deploying: '▒',
  pending: '·',
};
const ASCII: Record<Segment, string> = {
  healthy: '#',
  failed: 'x',
  rolledBack: '<',
  excluded: '-',
  deploying: '~',
  pending: '.',
};
const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m' } as const;
const SEGMENT_COLOR: Record<Segment, string> = {
  healthy: ANSI.green,
  failed: ANSI.red,
  rolledBack: '\x1b[35m',
  excluded: ANSI.dim,
  deploying: '\x1b[33m',
  pending: ANSI.dim,
};

export const BAR_WIDTH = 30;
const RING_NAME_WIDTH = 10;
const COUNT_WIDTH = 9;
const EVENT_TYPE_WIDTH = 22;
const STATUS_WIDTH = 'AWAITING_APPROVAL'.length;

/**
 * How many of `width` cells each state gets: proportional, by largest remainder (so the cells always add up to
 * `width`), and at least one cell for any state that has targets.
 */
export function barCells(counts: TargetCounts, width: number = BAR_WIDTH): Record<Segment, number> {
  const cells = Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;
  const total = SEGMENTS.reduce((sum, s) => sum + counts[s], 0);
  if (total === 0) {
    cells.pending = width;
    return cells;
  }
  const exact = SEGMENTS.map((s) => ({ s, share: (counts[s] / total) * width }));
  for (const { s, share } of exact) cells[s] = counts[s] > 0 ? Math.max(1, Math.floor(share)) : 0;
  let left = width - SEGMENTS.reduce((sum, s) => sum + cells[s], 0);
  const byRemainder = [...exact].filter(({ s }) => counts[s] > 0).sort((a, b) => (b.share % 1) - (a.share % 1));
  for (let i = 0; left > 0; i = (i + 1) % byRemainder.length, left--) cells[byRemainder[i].s]++;
  // the minimum of one cell can overshoot: take the excess from the largest states
  while (left < 0) {
    const largest = SEGMENTS.reduce((a, b) => (cells[b] > cells[a] ? b : a));
    cells[largest]--;
    left++;
  }
  return cells;
}

/** One ring: name, bar, counts by state (non-zero ones) and its status (with the bake's time left). */
export function ringLine(ring: RingView, style: Style, now: number = Date.now()): string {
  const counts = ring.targetCounts;
  const cells = barCells(counts);
  const bar = SEGMENTS.map((s) =>
    paint(style, SEGMENT_COLOR[s], (style.color ? BLOCK : ASCII)[s].repeat(cells[s])),
  ).join('');
  const settled = counts.healthy + counts.failed + counts.excluded + counts.rolledBack;
  const detail = SEGMENTS.filter((s) => counts[s] > 0 && s !== 'pending')
    .map((s) => `${LABELS[s]} ${counts[s]}`)
    .join(' · ');
  const open = style.color ? '' : '[';
  const close = style.color ? '' : ']';
  return [
    `  ${ring.name.padEnd(RING_NAME_WIDTH)}`,
    `${open}${bar}${close}`,
    `${settled}/${counts.total}`.padStart(COUNT_WIDTH),
    ` ${statusText(ring, style, now)}`,
    detail ? ` ${detail}` : '',
  ]
    .join(' ')
    .trimEnd();
}

function statusText(ring: RingView, style: Style, now: number): string {
  const color = ring.status === 'PASSED' ? ANSI.green : /FAIL|ROLL/.test(ring.status) ? ANSI.red : '';
  let text = ring.status;
  if (ring.status === 'BAKING' && ring.bakeEndsAt && style.live) {
    const left = Math.max(0, Math.ceil((Date.parse(ring.bakeEndsAt) - now) / 1000));
    text = `BAKING ${left}s`;
  }
  // pad before painting: the colour codes take no room on the screen
  return paint(style, `${ANSI.bold}${color}`, text.padEnd(STATUS_WIDTH));
}

/** The train's headline: release, status, current ring and, live, the time since the demo started it. */
export function trainLine(train: TrainView, elapsedMs: number, style: Style): string {
  const ring = train.currentRing ? ` · ring ${train.currentRing}` : '';
  const elapsed = style.live ? ` · ${clock(elapsedMs)}` : '';
  return `${paint(style, ANSI.bold, `train ${train.releaseVersion}`)}  ${train.status}${ring}${elapsed}`;
}

/** The live block: the headline and one line per ring. */
export function progressBlock(train: TrainView, elapsedMs: number, style: Style, now: number = Date.now()): string[] {
  return [trainLine(train, elapsedMs, style), ...train.rings.map((r) => ringLine(r, style, now))];
}

const BAD_EVENTS = /FAILED|HALTED|ROLLBACK|ROLLED_BACK|UNSAFE|CANCELLED/;
const GOOD_EVENTS = /PASSED|COMPLETED|APPROVED/;

/** One event as a log line: time, type, message. */
export function eventLine(event: TrainEventView, style: Style, now: Date = new Date()): string {
  const at = event.occurredAt ? new Date(event.occurredAt) : now;
  const color = BAD_EVENTS.test(event.type) ? ANSI.red : GOOD_EVENTS.test(event.type) ? ANSI.green : '';
  const type = paint(style, color, event.type.padEnd(EVENT_TYPE_WIDTH));
  return `${paint(style, ANSI.dim, at.toISOString().slice(11, 19))} ${type} ${event.message}`;
}

/** m:ss */
export function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** `text` in an ANSI colour when the style has colours. */
export function paint(style: Style, code: string, text: string): string {
  return style.color && code && text ? `${code}${text}${ANSI.reset}` : text;
}

export const COLORS = ANSI;
