import type { K8sObject } from '../store/k8s.types.js';
import { ROLLOUTS, type ResourceType } from '../store/resource.registry.js';
import { type CrdValidator, rolloutValidator } from '../validation/crd.validator.js';
import { invalid } from './status.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME_LENGTH = 253;

let rollouts: CrdValidator | undefined;

/** Loads the CRD schemas now rather than on the first write (the Rollout CRD takes a moment to compile). */
export function preloadValidators(): void {
  rollouts ??= rolloutValidator();
}

/** Throws 422 Invalid when a client write is not acceptable (bad name, or a Rollout that breaks the CRD schema). */
export function validateWrite(type: ResourceType, obj: K8sObject): void {
  const name = obj.metadata?.name;
  if (!name)
    throw invalid(
      type.kind,
      '',
      [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }],
      type.group,
    );
  if (name.length > MAX_NAME_LENGTH || !DNS_SUBDOMAIN.test(name)) {
    throw invalid(
      type.kind,
      name,
      [
        {
          field: 'metadata.name',
          message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
        },
      ],
      type.group,
    );
  }
  if (type === ROLLOUTS) {
    rollouts ??= rolloutValidator();
    const causes = rollouts(obj);
    if (causes.length > 0) throw invalid(type.kind, name, causes, type.group);
  }
}
