import type { Container, DeploymentObject, PodTemplateSpec, ReplicaSetObject, RolloutObject } from './kube.types.js';
import { ANNOTATION_REVISION, PAUSE_REASON_CANARY_STEP } from './kube.constants.js';

/** Small readers over observed objects, shared by planners and normalizers. */

/** The container a release sets: the one named like the component, else the first (API.md). */
export function selectContainer(
  containers: readonly Container[] | undefined,
  component: string,
): Container | undefined {
  if (!containers || containers.length === 0) return undefined;
  return containers.find((c) => c.name === component) ?? containers[0];
}

/** The pod template that defines the Rollout's pods: its own, or the referenced Deployment's. */
export function effectiveTemplate(rollout: RolloutObject, deployment?: DeploymentObject): PodTemplateSpec | undefined {
  return rollout.spec?.workloadRef ? deployment?.spec?.template : rollout.spec?.template;
}

/** The image of the component's container in a template, or null. */
export function templateImage(template: PodTemplateSpec | undefined, component: string): string | null {
  return selectContainer(template?.spec?.containers, component)?.image ?? null;
}

/** True when the Rollout is paused by a user (`spec.paused`) or by the controller (pause conditions). */
export function isPaused(rollout: RolloutObject): boolean {
  return rollout.spec?.paused === true || (rollout.status?.pauseConditions?.length ?? 0) > 0;
}

/**
 * Paused only at a canary `pause` step with a duration: the controller resumes it by itself when the duration is up
 * (a `pause: {}` step, a user's `spec.paused` or any other pause condition waits for someone to promote).
 */
export function pausedAtTimedStep(rollout: RolloutObject): boolean {
  const conditions = rollout.status?.pauseConditions ?? [];
  if (rollout.spec?.paused === true || conditions.length === 0) return false;
  if (!conditions.every((c) => c.reason === PAUSE_REASON_CANARY_STEP)) return false;
  const step = rollout.spec?.strategy?.canary?.steps?.[rollout.status?.currentStepIndex ?? 0];
  const duration = step?.pause?.duration;
  return duration !== undefined && duration !== '';
}

/** Argo's `IsFullyPromoted`: the stable ReplicaSet is the desired one. */
export function isFullyPromoted(rollout: RolloutObject): boolean {
  const s = rollout.status;
  return !!s?.stableRS && s.stableRS === s.currentPodHash;
}

/** Number of canary steps (0 for no steps or blue-green). */
export function stepCount(rollout: RolloutObject): number {
  return rollout.spec?.strategy?.canary?.steps?.length ?? 0;
}

/** `rollout.argoproj.io/revision` of a ReplicaSet, or null when absent or not a number. */
export function revisionOf(rs: ReplicaSetObject): number | null {
  const v = rs.metadata?.annotations?.[ANNOTATION_REVISION];
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

/** True when the ReplicaSet's controller owner is this Rollout (by uid, else by kind and name). */
export function isOwnedBy(rs: ReplicaSetObject, rollout: RolloutObject): boolean {
  const owner = rs.metadata?.ownerReferences?.find((r) => r.controller);
  if (!owner) return false;
  if (owner.uid && rollout.metadata?.uid) return owner.uid === rollout.metadata.uid;
  return owner.kind === 'Rollout' && owner.name === rollout.metadata?.name;
}

/** `namespace/name` of an object. */
export function objectKey(o: { metadata?: { namespace?: string; name?: string } }): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
