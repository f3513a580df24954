import { ANNOTATION_ATTEMPT, ANNOTATION_TRAIN } from '../kube/kube.constants.js';
import type { RolloutObject } from '../kube/kube.types.js';
import type { PlannedPatch } from '../operations/patch.types.js';
import type { DeployStamp } from './rollout.driver.js';

/** The deploy attempt stamped on a Rollout, or null when it carries none (or a malformed one). */
export function stampOf(rollout: RolloutObject | undefined): DeployStamp | null {
  const a = rollout?.metadata?.annotations;
  const train = a?.[ANNOTATION_TRAIN];
  const attempt = Number(a?.[ANNOTATION_ATTEMPT]);
  if (!train || !Number.isInteger(attempt)) return null;
  return { train, attempt };
}

/** True when the Rollout already carries this stamp (or no stamp is asked for). */
export function hasStamp(rollout: RolloutObject, stamp: DeployStamp | undefined): boolean {
  if (!stamp) return true;
  const s = stampOf(rollout);
  return s !== null && s.train === stamp.train && s.attempt === stamp.attempt;
}

const stampAnnotations = (stamp: DeployStamp): Record<string, string> => ({
  [ANNOTATION_TRAIN]: stamp.train,
  [ANNOTATION_ATTEMPT]: String(stamp.attempt),
});

/**
 * Adds the stamp to a merge patch of the Rollout itself (inline template: one write carries image and stamp).
 * Other patches are returned unchanged.
 */
export function stampPatch(patch: PlannedPatch, stamp: DeployStamp | undefined): PlannedPatch {
  if (!stamp || patch.type !== 'merge' || patch.target.resource !== 'rollout' || patch.target.subresource) return patch;
  const body = patch.body as { metadata?: Record<string, unknown> };
  const metadata = body.metadata ?? {};
  const annotations = { ...((metadata.annotations as Record<string, string>) ?? {}), ...stampAnnotations(stamp) };
  return { ...patch, body: { ...body, metadata: { ...metadata, annotations } } };
}

/** A merge patch writing only the stamp on a Rollout (workloadRef deploys, or a Rollout already on the image). */
export function stampOnlyPatch(namespace: string, name: string, stamp: DeployStamp): PlannedPatch {
  return {
    target: { resource: 'rollout', namespace, name },
    type: 'merge',
    body: { metadata: { annotations: stampAnnotations(stamp) } },
  };
}
