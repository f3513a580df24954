import type { TargetCounts, TargetStatus } from '@ringmaster/domain';

/** Which TargetCounts bucket each target state falls in (as the domain's `countTargets`). */
const BUCKET: Record<TargetStatus, Exclude<keyof TargetCounts, 'total'>> = {
  PENDING: 'pending',
  DEPLOYING: 'deploying',
  HEALTHY: 'healthy',
  FAILED: 'failed',
  RETRYING: 'failed',
  ROLLBACK_UNSAFE: 'failed',
  EXCLUDED: 'excluded',
  ROLLED_BACK: 'rolledBack',
};

/** A ring's TargetCounts from the number of its targets in each state (one GROUP BY row per state). */
export function targetCountsOf(byStatus: Readonly<Partial<Record<string, number>>>): TargetCounts {
  const counts: TargetCounts = {
    total: 0,
    pending: 0,
    deploying: 0,
    healthy: 0,
    failed: 0,
    excluded: 0,
    rolledBack: 0,
  };
  for (const [status, n] of Object.entries(byStatus)) {
    if (!n) continue;
    counts.total += n;
    // an unknown state counts as failed, like the domain's fall-through
    counts[BUCKET[status as TargetStatus] ?? 'failed'] += n;
  }
  return counts;
}
