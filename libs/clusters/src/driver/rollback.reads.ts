import { configObjectPath } from '../kube/api.paths.js';
import type { PodTemplateSpec, RolloutObject } from '../kube/kube.types.js';
import { effectiveTemplate } from '../kube/rollout.accessors.js';
import type { OperationPlan } from '../operations/patch.types.js';
import { planSetImage } from '../operations/set-image.patch.js';
import { planUndo } from '../operations/undo.patch.js';
import { podTemplateReferences, type ConfigReference } from '../safety/pod-references.js';
import type { MissingReference, RollbackSafety } from '../safety/rollback-safety.types.js';
import type { ClusterReader } from './cluster.reader.js';
import { driverError, DriverFailure } from './driver-error.js';
import type { ComponentImages, EnvironmentTarget } from './rollout.driver.js';

/** Metadata-only reads: never Secret data (`PartialObjectMetadata`). */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** A rollback plan for one component, and the pod template it would run. */
export interface RollbackPlan {
  plan: OperationPlan;
  template: PodTemplateSpec | undefined;
}

/**
 * Plans rolling a component back to `image`: undo to the newest revision running it, or — when no revision has it
 * any more — set the image on the current template.
 */
export async function planRollback(
  reader: ClusterReader,
  rollout: RolloutObject,
  component: string,
  image: string,
): Promise<RollbackPlan> {
  const deployment = await reader.deployment(rollout);
  const replicaSets = await reader.replicaSetsOf(rollout.metadata?.namespace ?? '');
  const undo = planUndo(rollout, replicaSets, { kind: 'image', component, image }, deployment);
  if (undo.plan.kind !== 'rejected') {
    return { plan: undo.plan, template: undo.restore?.template ?? effectiveTemplate(rollout, deployment) };
  }
  return {
    plan: planSetImage(rollout, component, image, deployment),
    template: effectiveTemplate(rollout, deployment),
  };
}

/** Checks that every ConfigMap and Secret the rolled-back templates need exists (metadata reads only). */
export async function rollbackSafety(
  reader: ClusterReader,
  target: EnvironmentTarget,
  previousImages: ComponentImages,
): Promise<RollbackSafety> {
  const needed: { component: string; ref: ConfigReference }[] = [];
  for (const c of target.components) {
    const image = previousImages[c.component];
    if (image === undefined) continue;
    const ro = await reader.rollout(target.namespace, c.rollout);
    if (!ro)
      throw new DriverFailure(driverError('NOT_FOUND', `Rollout ${target.namespace}/${c.rollout} does not exist`));
    const { template } = await planRollback(reader, ro, c.component, image);
    for (const ref of podTemplateReferences(template)) needed.push({ component: c.component, ref });
  }
  const unique = new Map(needed.map((n) => [`${n.ref.kind}/${n.ref.name}`, n.ref]));
  const exists = new Map<string, boolean>();
  await Promise.all(
    [...unique].map(async ([key, ref]) => {
      const found = await reader.getOrUndefined(
        configObjectPath(ref.kind, target.namespace, ref.name),
        METADATA_ONLY_ACCEPT,
      );
      exists.set(key, found !== undefined);
    }),
  );
  const checked = [...unique.values()];
  const missing: MissingReference[] = needed
    .filter((n) => !n.ref.optional && exists.get(`${n.ref.kind}/${n.ref.name}`) === false)
    .map((n) => ({ component: n.component, kind: n.ref.kind, namespace: target.namespace, name: n.ref.name }));
  return missing.length > 0 ? { safe: false, missing, checked } : { safe: true, checked };
}
