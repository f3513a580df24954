// How states read on the page: labels, tones (colours in dashboard.css) and times.

/** Train statuses during which it still moves (and may be halted). */
export const ACTIVE = ['RUNNING', 'AWAITING_APPROVAL'];
/** Train statuses after a halt; the train's halt banner shows for these. */
export const STOPPED = ['HALTED', 'ROLLING_BACK', 'ROLLED_BACK'];
/** Train statuses from which a rollback may be asked for. */
export const ROLLBACKABLE = ['RUNNING', 'AWAITING_APPROVAL', 'HALTED'];
/** Roles that may start, approve, halt, resume and roll back a train (the service checks each mutation again). */
export const ACTING_ROLES = ['RELEASE_MANAGER', 'ADMIN'];

const TONES = {
  SCHEDULED: 'idle',
  PENDING: 'idle',
  RUNNING: 'active',
  DEPLOYING: 'active',
  BAKING: 'baking',
  AWAITING_APPROVAL: 'waiting',
  PASSED: 'good',
  COMPLETED: 'good',
  HEALTHY: 'good',
  HALTED: 'bad',
  FAILED: 'bad',
  RETRYING: 'waiting',
  EXCLUDED: 'waiting',
  ROLLBACK_UNSAFE: 'bad',
  PAUSED: 'waiting',
  ROLLING_BACK: 'rollback',
  ROLLED_BACK: 'rollback',
  CANCELLED: 'idle',
};

/** The colour family of a train, ring or target status. */
export const toneOf = (status) => TONES[status] ?? 'idle';

/** `AWAITING_APPROVAL` → `awaiting approval`. */
export const labelOf = (status) => status.toLowerCase().replaceAll('_', ' ');

/** The parts of a ring's progress bar, in the order they are drawn, with the count field each one shows. */
export const COUNT_PARTS = [
  { field: 'healthy', label: 'healthy' },
  { field: 'deploying', label: 'deploying' },
  { field: 'failed', label: 'failed' },
  { field: 'excluded', label: 'excluded' },
  { field: 'rolledBack', label: 'rolled back' },
  { field: 'pending', label: 'pending' },
];

/** A time of day, with the date when it is not today. */
export function formatTime(iso, now = new Date()) {
  if (!iso) return '—';
  const time = new Date(iso);
  const sameDay = time.toDateString() === now.toDateString();
  return sameDay
    ? time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    : time.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "in 2m 05s" / "3s ago". */
export function formatRelative(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const span = Math.abs(seconds);
  const text = span >= 60 ? `${Math.floor(span / 60)}m ${String(span % 60).padStart(2, '0')}s` : `${span}s`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
