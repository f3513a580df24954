import type { DeploymentObject, PodTemplateSpec, ReplicaSetObject, RolloutObject } from '../kube/kube.types.js';
import { LABEL_POD_TEMPLATE_HASH } from '../kube/kube.constants.js';
import { effectiveTemplate, isOwnedBy, revisionOf, templateImage } from '../kube/rollout.accessors.js';
import { noop, patches, rejected, type OperationPlan } from './patch.types.js';

/** An undo: the plan, and the revision and pod template it restores (what rollback safety must check). */
export interface UndoPlan {
  plan: OperationPlan;
  restore?: { revision: number; replicaSet: string; template: PodTemplateSpec };
}

/** Which revision to go back to: the previous one (as the plugin), or the newest one running an image. */
export type UndoTarget = { kind: 'previous' } | { kind: 'image'; component: string; image: string };

/**
 * Plans `kubectl argo rollouts undo` (argo-rollouts pkg/kubectl-argo-rollouts/cmd/undo/undo.go): among the
 * ReplicaSets the Rollout controls, take the one of the previous `rollout.argoproj.io/revision` (or, for an image
 * target, the newest revision whose component container runs that image), copy its pod template without the
 * `rollouts-pod-template-hash` label — and without the canary/stable ephemeral labels the controller stamps on
 * ReplicaSets, which never belong in the spec — and replace `/spec/template` with a JSON patch: on the Rollout,
 * or on the `workloadRef` Deployment.
 *
 * Idempotent for an image target: `noop` when the template already runs the image, or already equals the revision
 * (ignoring the hash). A `previous` target, like the plugin, flips between the two newest revisions on repeats.
 */
export function planUndo(
  rollout: RolloutObject,
  replicaSets: readonly ReplicaSetObject[],
  target: UndoTarget,
  deployment?: DeploymentObject,
): UndoPlan {
  const ref = rollout.spec?.workloadRef;
  if (ref && !deployment) return { plan: rejected(`workloadRef Deployment ${ref.name} was not observed`) };
  const current = effectiveTemplate(rollout, deployment);
  if (target.kind === 'image' && templateImage(current, target.component) === target.image) {
    return { plan: noop(`template already runs ${target.image}`) };
  }
  const owned = replicaSets
    .filter((rs) => isOwnedBy(rs, rollout) && revisionOf(rs) !== null)
    .sort((a, b) => revisionOf(b)! - revisionOf(a)!);
  const chosen =
    target.kind === 'previous'
      ? owned[1]
      : owned.find((rs) => templateImage(rs.spec?.template, target.component) === target.image);
  if (!chosen || !chosen.spec?.template) {
    return {
      plan: rejected(
        target.kind === 'previous' ? 'no previous revision found' : `no revision of the rollout runs ${target.image}`,
      ),
    };
  }
  const template = cleanTemplate(chosen.spec.template, rollout);
  const restore = { revision: revisionOf(chosen)!, replicaSet: chosen.metadata?.name ?? '', template };
  if (current && isDerivative(cleanTemplate(current, rollout), template)) {
    return { plan: noop(`template already matches revision ${restore.revision}`), restore };
  }
  const namespace = rollout.metadata?.namespace ?? '';
  const body = [{ op: 'replace', path: '/spec/template', value: template }];
  const plan = ref
    ? patches({ target: { resource: 'deployment', namespace, name: ref.name ?? '' }, type: 'json', body })
    : patches({ target: { resource: 'rollout', namespace, name: rollout.metadata?.name ?? '' }, type: 'json', body });
  return { plan, restore };
}

/**
 * A ReplicaSet's pod template fit for a Rollout spec: no hash label, no ephemeral canary/stable labels. Only the
 * metadata is copied; the rest is shared with `template` (a watch cache's object), which is read and serialized,
 * never changed — a deep copy per Rollout was most of a fleet-wide rollback's planning time.
 */
export function cleanTemplate(template: PodTemplateSpec, rollout: RolloutObject): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (!labels) return template;
  const kept = { ...labels };
  delete kept[LABEL_POD_TEMPLATE_HASH];
  const canary = rollout.spec?.strategy?.canary;
  for (const ephemeral of [canary?.canaryMetadata?.labels, canary?.stableMetadata?.labels]) {
    for (const [k, v] of Object.entries(ephemeral ?? {})) if (kept[k] === v) delete kept[k];
  }
  return { ...template, metadata: { ...template.metadata, labels: kept } };
}

/**
 * Kubernetes' `Semantic.DeepDerivative(a, b)`: every field set in `a` equals the one in `b`; fields `a` leaves unset
 * are ignored (the API server defaults fields in ReplicaSet templates that a Rollout template leaves out).
 */
export function isDerivative(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => isDerivative(x, b[i]));
  }
  if (typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const bo = b as Record<string, unknown>;
    return Object.entries(a as Record<string, unknown>).every(([k, v]) => isDerivative(v, bo[k]));
  }
  return a === b;
}
