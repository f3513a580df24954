import { PatchStrategy } from '@kubernetes/client-node';
import { deploymentPath, rolloutPath } from '../kube/api.paths.js';
import type { KubeClient } from '../transport/kube.client.js';
import type { PlannedPatch } from './patch.types.js';

/**
 * The one place patches are sent, in order (the plugin's promote writes status before spec). The objects the server
 * answers with are not read: the watch brings them, and parsing a whole Rollout per write was a fleet-wide
 * rollback's largest cost after the requests themselves.
 */
export async function applyPatches(
  client: KubeClient,
  patches: readonly PlannedPatch[],
  signal?: AbortSignal,
): Promise<void> {
  for (const p of patches) {
    const t = p.target;
    const path =
      t.resource === 'rollout' ? rolloutPath(t.namespace, t.name, t.subresource) : deploymentPath(t.namespace, t.name);
    await client.request<void>(
      {
        method: 'PATCH',
        path,
        body: p.body,
        contentType: p.type === 'merge' ? PatchStrategy.MergePatch : PatchStrategy.JsonPatch,
        discardBody: true,
      },
      signal,
    );
  }
}
