import type { FaultRegistry } from './fault.registry.js';
import type { K8sObject } from '../store/k8s.types.js';
import { DEPLOYMENTS, ROLLOUTS, SECRETS, type ResourceType } from '../store/resource.registry.js';
import { secretName } from '../sim/fleet.builder.js';
import { componentImage } from '../sim/image.history.js';
import { LABEL_COMPONENT } from '../sim/labels.js';
import type { AdmissionHook, VirtualCluster } from '../sim/virtual.cluster.js';

const CREDENTIALS = /^(.+)-credentials-[a-z0-9]+$/;

/**
 * Admission hook for the `secret-rotation` fault: when a client write moves a component to an image that matches,
 * the upgrade (as a platform's deploy tooling would) creates a new content-hashed Secret, points the template at it
 * and deletes the old Secret, so rolling back to the previous template references a Secret that is gone.
 */
export function secretRotationHook(faults: FaultRegistry, tenantOf: (ns: string) => string): AdmissionHook {
  return (cluster: VirtualCluster, type: ResourceType, next: K8sObject, old?: K8sObject): K8sObject => {
    if ((type !== ROLLOUTS && type !== DEPLOYMENTS) || !old || !next.spec?.template) return next;
    const ns = next.metadata.namespace!;
    const component = next.metadata.labels?.[LABEL_COMPONENT] ?? next.metadata.name;
    const image = componentImage(next.spec.template, component);
    if (!image || image === componentImage(old.spec?.template, component)) return next;
    if (!faults.rotatesSecret({ cluster: cluster.name, environment: ns, tenant: tenantOf(ns), component, image }))
      return next;
    const out = structuredClone(next);
    for (const c of out.spec!.template.spec?.containers ?? []) {
      for (const e of c.envFrom ?? []) {
        const m = e.secretRef?.name ? CREDENTIALS.exec(e.secretRef.name) : null;
        if (!m) continue;
        const oldName = e.secretRef.name;
        const content = `${ns}/${m[1]}/${image}`;
        const newName = secretName(m[1], content);
        if (!cluster.store.get(SECRETS, ns, newName)) {
          const prev = cluster.store.get(SECRETS, ns, oldName);
          cluster.store.create(SECRETS, {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: newName, namespace: ns, labels: prev?.metadata.labels ?? {} },
            type: 'Opaque',
            immutable: true,
            data: { token: Buffer.from(content).toString('base64') },
          });
        }
        e.secretRef.name = newName;
        if (cluster.store.get(SECRETS, ns, oldName)) cluster.store.delete(SECRETS, ns, oldName);
      }
    }
    return out;
  };
}
