import type { RolloutObject } from '../kube/kube.types.js';
import { isFullyPromoted, isPaused, stepCount } from '../kube/rollout.accessors.js';
import { noop, patches, type OperationPlan, type PlannedPatch } from './patch.types.js';

/**
 * Plans `kubectl argo rollouts promote` (argo-rollouts pkg/kubectl-argo-rollouts/cmd/promote/promote.go, default
 * path): clear the pause conditions through the `status` subresource — or, with none, advance
 * `status.currentStepIndex` by one (capped at the step count) — then unpause `spec.paused` when set.
 * Status first, spec second, as the plugin does.
 *
 * Only a paused Rollout is promoted: anything else is a `noop`. That makes promote idempotent, where the plugin's
 * step bump would skip one more step on each repeat.
 */
export function planPromote(rollout: RolloutObject): OperationPlan {
  if (!isPaused(rollout)) return noop('rollout is not paused');
  const out: PlannedPatch[] = [];
  const ns = rollout.metadata?.namespace ?? '';
  const name = rollout.metadata?.name ?? '';
  if ((rollout.status?.pauseConditions?.length ?? 0) > 0) {
    out.push(statusPatch(ns, name, { status: { pauseConditions: null } }));
  } else if (rollout.spec?.strategy?.canary && stepCount(rollout) > 0) {
    const count = stepCount(rollout);
    const index = rollout.status?.currentStepIndex ?? 0;
    const next = index < count ? index + 1 : index;
    out.push(statusPatch(ns, name, { status: { pauseConditions: null, currentStepIndex: next } }));
  }
  if (rollout.spec?.paused) {
    out.push({
      target: { resource: 'rollout', namespace: ns, name },
      type: 'merge',
      body: { spec: { paused: false } },
    });
  }
  return patches(...out);
}

/**
 * Plans `promote --full`: `status.promoteFull=true` through the `status` subresource, skipping the remaining steps,
 * pauses and analysis. `noop` when already fully promoted or already requested.
 */
export function planPromoteFull(rollout: RolloutObject): OperationPlan {
  if (isFullyPromoted(rollout)) return noop('rollout is fully promoted');
  if (rollout.status?.promoteFull === true) return noop('full promotion already requested');
  const ns = rollout.metadata?.namespace ?? '';
  return patches(statusPatch(ns, rollout.metadata?.name ?? '', { status: { promoteFull: true } }));
}

/**
 * Plans `kubectl argo rollouts abort` (cmd/abort/abort.go): `status.abort=true` through the `status` subresource.
 * The stable ReplicaSet takes the traffic back; `spec.template` still holds the new version.
 * `noop` when already aborted, or when nothing is in flight (fully promoted).
 */
export function planAbort(rollout: RolloutObject): OperationPlan {
  if (rollout.status?.abort === true) return noop('rollout is already aborted');
  if (isFullyPromoted(rollout)) return noop('nothing in flight: rollout is fully promoted');
  const ns = rollout.metadata?.namespace ?? '';
  return patches(statusPatch(ns, rollout.metadata?.name ?? '', { status: { abort: true } }));
}

/**
 * Plans `kubectl argo rollouts retry rollout` (cmd/retry/retry.go): `status.abort=false` through the `status`
 * subresource, so the aborted update starts again. `noop` when not aborted.
 */
export function planRetry(rollout: RolloutObject): OperationPlan {
  if (rollout.status?.abort !== true) return noop('rollout is not aborted');
  const ns = rollout.metadata?.namespace ?? '';
  return patches(statusPatch(ns, rollout.metadata?.name ?? '', { status: { abort: false } }));
}

function statusPatch(namespace: string, name: string, body: unknown): PlannedPatch {
  return { target: { resource: 'rollout', namespace, name, subresource: 'status' }, type: 'merge', body };
}
