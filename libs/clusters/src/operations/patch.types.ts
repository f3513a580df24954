/** What an operation wants written: pure data, built by the `*.patch.ts` planners and applied by `patch.applier.ts`. */

/** The object a patch is sent to. */
export type PatchTarget =
  | { resource: 'rollout'; namespace: string; name: string; subresource?: 'status' }
  | { resource: 'deployment'; namespace: string; name: string };

/** One PATCH request: `merge` = application/merge-patch+json, `json` = application/json-patch+json. */
export interface PlannedPatch {
  target: PatchTarget;
  type: 'merge' | 'json';
  body: unknown;
}

/**
 * The result of planning an operation on one observed object:
 * `patch` — send these, in order; `noop` — already in the wanted state (idempotency);
 * `rejected` — the operation does not apply in this state (e.g. promote when not paused).
 */
export type OperationPlan =
  { kind: 'patch'; patches: PlannedPatch[] } | { kind: 'noop'; reason: string } | { kind: 'rejected'; reason: string };

export const noop = (reason: string): OperationPlan => ({ kind: 'noop', reason });
export const rejected = (reason: string): OperationPlan => ({ kind: 'rejected', reason });
export const patches = (...list: PlannedPatch[]): OperationPlan => ({ kind: 'patch', patches: list });
