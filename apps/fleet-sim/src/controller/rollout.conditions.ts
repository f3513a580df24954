import type { Loose } from '../store/k8s.types.js';
/** Rollout condition types, reasons and messages as Argo Rollouts writes them. */
export const COND_PROGRESSING = 'Progressing';
export const COND_AVAILABLE = 'Available';
export const COND_PAUSED = 'Paused';
export const COND_HEALTHY = 'Healthy';
export const COND_COMPLETED = 'Completed';
export const COND_INVALID_SPEC = 'InvalidSpec';

export const REASON_NEW_RS_CREATED = 'NewReplicaSetCreated';
export const REASON_RS_UPDATED = 'ReplicaSetUpdated';
export const REASON_NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const REASON_PAUSED = 'RolloutPaused';
export const REASON_RESUMED = 'RolloutResumed';
export const REASON_TIMED_OUT = 'ProgressDeadlineExceeded';
export const REASON_ABORTED = 'RolloutAborted';
export const REASON_AVAILABLE = 'AvailableReason';
export const REASON_HEALTHY = 'RolloutHealthy';
export const REASON_COMPLETED = 'RolloutCompleted';
export const PAUSE_REASON_CANARY_STEP = 'CanaryPauseStep';

/** A status condition. */
export interface RolloutCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/**
 * Sets a condition like Argo's SetRolloutCondition: no change when status and reason are the same;
 * lastTransitionTime kept when only the reason changes. Returns a new array.
 */
export function setCondition(
  conditions: RolloutCondition[] | undefined,
  c: Omit<RolloutCondition, 'lastUpdateTime' | 'lastTransitionTime'>,
  nowIso: string,
): RolloutCondition[] {
  const list = conditions ?? [];
  const cur = list.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return list;
  const next: RolloutCondition = {
    ...c,
    lastUpdateTime: nowIso,
    lastTransitionTime: cur && cur.status === c.status ? cur.lastTransitionTime : nowIso,
  };
  return [...list.filter((x) => x.type !== c.type), next];
}

/** Removes a condition type. */
export function removeCondition(conditions: RolloutCondition[] | undefined, type: string): RolloutCondition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** Phase and message computed from spec and status, following Argo's CalculateRolloutPhase (canary, no traffic router). */
export function rolloutPhase(spec: Loose, status: Loose): { phase: string; message: string } {
  for (const c of (status.conditions ?? []) as RolloutCondition[]) {
    if (c.type === COND_INVALID_SPEC) return { phase: 'Degraded', message: `${COND_INVALID_SPEC}: ${c.message}` };
    if (c.reason === REASON_ABORTED || c.reason === REASON_TIMED_OUT)
      return { phase: 'Degraded', message: `${c.reason}: ${c.message}` };
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = (status.pauseConditions ?? [])[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  const replicas = spec.replicas ?? 1;
  if ((status.updatedReplicas ?? 0) < replicas)
    return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) {
    return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  }
  if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0))
    return { phase: 'Progressing', message: 'old replicas are pending termination' };
  if (!status.stableRS || status.stableRS !== status.currentPodHash)
    return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  return { phase: 'Healthy', message: '' };
}
