import type { Container, DeploymentObject, RolloutObject } from '../kube/kube.types.js';
import { selectContainer } from '../kube/rollout.accessors.js';
import { noop, patches, rejected, type OperationPlan } from './patch.types.js';

/**
 * Plans setting the image of a component's container (the one named like the component, else the first).
 *
 * Inline template: a merge patch on the Rollout's `spec.template.spec.containers`. A merge patch replaces arrays
 * whole, so the patch carries the full observed containers array with one image changed, plus the observed
 * `metadata.resourceVersion`: if the object changed since it was observed the API server answers 409 and nothing
 * is lost (re-observe and plan again).
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
  const next: Container[] = containers.map((c) => (c === target ? { ...c, image } : c));
  const body = {
    metadata: { resourceVersion: source!.metadata?.resourceVersion },
    spec: { template: { spec: { containers: next } } },
  };
  const namespace = rollout.metadata?.namespace ?? '';
  return ref
    ? patches({ target: { resource: 'deployment', namespace, name: ref.name ?? '' }, type: 'merge', body })
    : patches({ target: { resource: 'rollout', namespace, name: rollout.metadata?.name ?? '' }, type: 'merge', body });
}

function describe(rollout: RolloutObject, deployment?: string): string {
  const name = `${rollout.metadata?.namespace}/${rollout.metadata?.name}`;
  return deployment ? `Deployment ${rollout.metadata?.namespace}/${deployment} of Rollout ${name}` : `Rollout ${name}`;
}
