import { ANNOTATION_ATTEMPT, ANNOTATION_TRAIN } from '../kube/kube.constants.js';
import type { RolloutObject } from '../kube/kube.types.js';
import { pointer, type JsonPatchOperation } from '../operations/json-patch.js';
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
 * The patches of an image change with the stamp added (nothing when the Rollout already carries it): in the patch
 * of the Rollout itself when there is one (inline template: one write carries image and stamp), else as a patch of
 * its own after them (`workloadRef`: the image goes to the Deployment). A JSON patch can only `add` keys to existing
 * annotations; on a Rollout without any the stamp is written apart too (adding the whole map could drop a key
 * someone else added meanwhile).
 */
export function withStamp(
  patches: readonly PlannedPatch[],
  rollout: RolloutObject,
  stamp: DeployStamp | undefined,
): PlannedPatch[] {
  if (!stamp || hasStamp(rollout, stamp)) return [...patches];
  const own = patches.findIndex((p) => p.target.resource === 'rollout' && !p.target.subresource);
  const hasAnnotations = rollout.metadata?.annotations !== undefined;
  const stamped = own < 0 ? undefined : stampInto(patches[own], stamp, hasAnnotations);
  if (!stamped)
    return [...patches, stampOnlyPatch(rollout.metadata?.namespace ?? '', rollout.metadata?.name ?? '', stamp)];
  return patches.map((p, i) => (i === own ? stamped : p));
}

function stampInto(patch: PlannedPatch, stamp: DeployStamp, hasAnnotations: boolean): PlannedPatch | undefined {
  if (patch.type === 'json') {
    if (!hasAnnotations) return undefined;
    const adds: JsonPatchOperation[] = Object.entries(stampAnnotations(stamp)).map(([key, value]) => ({
      op: 'add',
      path: pointer('metadata', 'annotations', key),
      value,
    }));
    return { ...patch, body: [...(patch.body as JsonPatchOperation[]), ...adds] };
  }
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
