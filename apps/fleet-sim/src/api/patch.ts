import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, badRequest, unsupportedMediaType } from './status.js';

const { applyPatch } = fastJsonPatch;

/** Patch content types fleet-sim accepts (strategic merge is treated as a JSON merge patch). */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

/** Applies a patch body of the given content type to a copy of `target`; 400/415/422 on bad patches. */
export function applyPatchBody(target: unknown, contentType: string | undefined, body: unknown): unknown {
  const type = (contentType ?? '').split(';')[0].trim();
  if (type === 'application/json-patch+json') return applyJsonPatch(target, body);
  if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('merge patch body must be a JSON object');
    }
    return mergePatch(structuredClone(target), body);
  }
  throw unsupportedMediaType(type || '<none>');
}

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * What kube-apiserver answers when a JSON patch does not apply to the stored object (a failed `test`, a missing
 * path, an unknown op): 422 Invalid with a fixed message and empty details, the jsonpatch error itself dropped
 * (`NewGenericServerResponse(422, ...)` in the apiserver's patch handler). Nothing is written.
 */
export const jsonPatchNotApplicable = (): ApiError =>
  new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});

/** RFC 6902 JSON patch, applied whole or not at all (every op validated; `test` compares by JSON value). */
function applyJsonPatch(target: unknown, body: unknown): unknown {
  if (!Array.isArray(body)) throw badRequest('json patch body must be an array of operations');
  try {
    return applyPatch(structuredClone(target), body as Operation[], true, false).newDocument;
  } catch {
    throw jsonPatchNotApplicable();
  }
}
