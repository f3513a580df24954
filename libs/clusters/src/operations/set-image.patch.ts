import type { DeploymentObject, RolloutObject } from '../kube/kube.types.js';
import { selectContainer } from '../kube/rollout.accessors.js';
import { pointer, type JsonPatchOperation } from './json-patch.js';
import { noop, patches, rejected, type OperationPlan } from './patch.types.js';

/**
 * Plans setting the image of a component's container (the one named like the component, else the first).
 *
 * Inline template: a JSON patch on the Rollout that `test`s the container's name and image at its index, then
 * `replace`s the image. The precondition is exactly what the plan depends on, so the Argo controller's status
 * writes (which move `metadata.resourceVersion`) do not make it fail; a change to that container does (the API
 * server answers 422 and nothing is written: re-observe and plan again, see `conflict.retry.ts`).
 * `workloadRef`: the same patch on the referenced Deployment (which must be given).
 *
 * Idempotent: `noop` when the container already has the image. An aborted Rollout whose template already has the
 * image is also a `noop` here: clearing the abort is `retry`'s job.
 */
export function planSetImage(
  rollout: RolloutObject,
  component: string,
  image: string,
  deployment?: DeploymentObject,
): OperationPlan {
  const ref = rollout.spec?.workloadRef;
  const source = ref ? deployment : rollout;
  if (ref && !deployment) return rejected(`workloadRef ${ref.kind ?? 'Deployment'}/${ref.name} was not observed`);
  if (ref && ref.kind && ref.kind !== 'Deployment') return rejected(`workloadRef kind ${ref.kind} is not supported`);
  const containers = source?.spec?.template?.spec?.containers;
  const target = selectContainer(containers, component);
  if (!containers || !target) return rejected(`${describe(rollout, ref?.name)} has no containers`);
  if (target.image === image) return noop(`container ${target.name} already has image ${image}`);
  const at = (field: string) => pointer('spec', 'template', 'spec', 'containers', containers.indexOf(target), field);
  const body: JsonPatchOperation[] = [
    { op: 'test', path: at('name'), value: target.name },
    ...(target.image === undefined
      ? [{ op: 'add' as const, path: at('image'), value: image }]
      : [
          { op: 'test' as const, path: at('image'), value: target.image },
          { op: 'replace' as const, path: at('image'), value: image },
        ]),
  ];
  const namespace = rollout.metadata?.namespace ?? '';
  return ref
    ? patches({ target: { resource: 'deployment', namespace, name: ref.name ?? '' }, type: 'json', body })
    : patches({ target: { resource: 'rollout', namespace, name: rollout.metadata?.name ?? '' }, type: 'json', body });
}

function describe(rollout: RolloutObject, deployment?: string): string {
  const name = `${rollout.metadata?.namespace}/${rollout.metadata?.name}`;
  return deployment ? `Deployment ${rollout.metadata?.namespace}/${deployment} of Rollout ${name}` : `Rollout ${name}`;
}
