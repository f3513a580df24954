import { PatchStrategy } from '@kubernetes/client-node';
import { deploymentPath, rolloutPath } from '../kube/api.paths.js';
import type { KubeObject } from '../kube/kube.types.js';
import type { KubeClient } from '../transport/kube.client.js';
import type { PlannedPatch } from './patch.types.js';

/** The one place patches are sent. Resolves to the object as the server returned it after each patch. */
export async function applyPatches(
  client: KubeClient,
  patches: readonly PlannedPatch[],
  signal?: AbortSignal,
): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  // in order: the plugin's promote writes status before spec
  for (const p of patches) {
    const t = p.target;
    const path =
      t.resource === 'rollout' ? rolloutPath(t.namespace, t.name, t.subresource) : deploymentPath(t.namespace, t.name);
    out.push(
      await client.request<KubeObject>(
        {
          method: 'PATCH',
          path,
          body: p.body,
          contentType: p.type === 'merge' ? PatchStrategy.MergePatch : PatchStrategy.JsonPatch,
        },
        signal,
      ),
    );
  }
  return out;
}
