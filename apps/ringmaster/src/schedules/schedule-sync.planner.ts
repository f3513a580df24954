import type { ScheduleJobDefinition } from './schedule.repository.js';

/** What one sync changes in a replica's cron jobs: schedules to start a job for, to restart, to stop. */
export interface ScheduleSyncPlan {
  add: ScheduleJobDefinition[];
  replace: ScheduleJobDefinition[];
  remove: string[];
}

/**
 * The version of a job definition: a job built from another version is stale. updatedAt changes with every
 * updateSchedule; cron and timezone are compared too, so a row changed without it is still noticed.
 */
export function jobVersion(def: ScheduleJobDefinition): string {
  return `${def.updatedAt.getTime()} ${def.cron} ${def.timezone}`;
}

/**
 * Compares the jobs a replica runs (schedule id → jobVersion) with the enabled schedules stored: a stored schedule
 * without a job is added, one whose job is of another version replaced, a job without its schedule removed. Ids in
 * `skip` (changed on this replica while the schedules were being read) are left alone: their job is newer than
 * the rows read.
 */
export function planScheduleSync(
  running: ReadonlyMap<string, string>,
  stored: readonly ScheduleJobDefinition[],
  skip: ReadonlySet<string> = new Set(),
): ScheduleSyncPlan {
  const plan: ScheduleSyncPlan = { add: [], replace: [], remove: [] };
  const storedIds = new Set<string>();
  for (const def of stored) {
    storedIds.add(def.id);
    if (skip.has(def.id)) continue;
    const version = running.get(def.id);
    if (version === undefined) plan.add.push(def);
    else if (version !== jobVersion(def)) plan.replace.push(def);
  }
  for (const id of running.keys()) {
    if (!storedIds.has(id) && !skip.has(id)) plan.remove.push(id);
  }
  return plan;
}
