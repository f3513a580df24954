import { configObjectPath } from '../kube/api.paths.js';
import type { PodTemplateSpec, RolloutObject } from '../kube/kube.types.js';
import { effectiveTemplate } from '../kube/rollout.accessors.js';
import type { OperationPlan } from '../operations/patch.types.js';
import { planSetImage } from '../operations/set-image.patch.js';
import { planUndo } from '../operations/undo.patch.js';
import { podTemplateReferences, type ConfigReference } from '../safety/pod-references.js';
import { ReplicaSetSnapshots } from '../safety/replica-set.snapshots.js';
import type { MissingReference, RollbackSafety } from '../safety/rollback-safety.types.js';
import type { ClusterReader } from './cluster.reader.js';
import { driverError, DriverFailure } from './driver-error.js';
import type { ComponentImages, EnvironmentTarget } from './rollout.driver.js';

/** Metadata-only reads: never Secret data (`PartialObjectMetadata`). */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** A rollback plan for one component, the pod template it would run, and the one running now. */
export interface RollbackPlan {
  plan: OperationPlan;
  template: PodTemplateSpec | undefined;
  current: PodTemplateSpec | undefined;
}

/** The ReplicaSet lists every rollback read of this process shares (see `ReplicaSetSnapshots`). */
const SHARED_REPLICA_SETS = new ReplicaSetSnapshots();

/**
 * Plans rolling a component back to `image`: undo to the newest revision running it, or — when no revision has it
 * any more — set the image on the current template.
 */
export async function planRollback(
  reader: ClusterReader,
  rollout: RolloutObject,
  component: string,
  image: string,
  replicaSets: ReplicaSetSnapshots = SHARED_REPLICA_SETS,
): Promise<RollbackPlan> {
  const deployment = await reader.deployment(rollout);
  const current = effectiveTemplate(rollout, deployment);
  const owned = await replicaSets.of(reader.handle.client, rollout.metadata?.namespace ?? '', reader.signal);
  const undo = planUndo(rollout, owned, { kind: 'image', component, image }, deployment);
  if (undo.plan.kind !== 'rejected') {
    return { plan: undo.plan, template: undo.restore?.template ?? current, current };
  }
  return { plan: planSetImage(rollout, component, image, deployment), template: current, current };
}

/**
 * Checks that every ConfigMap and Secret the rolled-back templates would newly need exists (metadata reads only).
 * A reference the running template requires too is not read: the rollback adds no dependency on it, so it cannot be
 * what the rollback breaks (that is the trap: an upgrade that points the template at a new content-hashed Secret
 * and deletes the old one). So a rollback to a template that differs only in its images costs no read here.
 */
export async function rollbackSafety(
  reader: ClusterReader,
  target: EnvironmentTarget,
  previousImages: ComponentImages,
  replicaSets: ReplicaSetSnapshots = SHARED_REPLICA_SETS,
): Promise<RollbackSafety> {
  const needed: { component: string; ref: ConfigReference }[] = [];
  for (const c of target.components) {
    const image = previousImages[c.component];
    if (image === undefined) continue;
    const ro = await reader.rollout(target.namespace, c.rollout);
    if (!ro)
      throw new DriverFailure(driverError('NOT_FOUND', `Rollout ${target.namespace}/${c.rollout} does not exist`));
    const { template, current } = await planRollback(reader, ro, c.component, image, replicaSets);
    // only what the running template requires: an optional reference of it may well be missing
    const running = new Set(
      podTemplateReferences(current)
        .filter((r) => !r.optional)
        .map(refKey),
    );
    for (const ref of podTemplateReferences(template)) {
      if (!running.has(refKey(ref))) needed.push({ component: c.component, ref });
    }
  }
  const unique = new Map(needed.map((n) => [refKey(n.ref), n.ref]));
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
    .filter((n) => !n.ref.optional && exists.get(refKey(n.ref)) === false)
    .map((n) => ({ component: n.component, kind: n.ref.kind, namespace: target.namespace, name: n.ref.name }));
  return missing.length > 0 ? { safe: false, missing, checked } : { safe: true, checked };
}

const refKey = (ref: ConfigReference): string => `${ref.kind}/${ref.name}`;
