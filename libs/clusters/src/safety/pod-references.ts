import type { Container, PodTemplateSpec } from '../kube/kube.types.js';

/** A ConfigMap or Secret a pod template needs. */
export interface ConfigReference {
  kind: 'configmap' | 'secret';
  name: string;
  /** Marked `optional: true` somewhere it is used and required nowhere: its absence does not stop pods. */
  optional: boolean;
}

/**
 * Every ConfigMap and Secret a pod template references, deduplicated and sorted: volumes (`configMap`, `secret`,
 * `projected` sources), `envFrom`, `env[].valueFrom` of init and app containers, and `imagePullSecrets`.
 * A reference required anywhere is required.
 */
export function podTemplateReferences(template: PodTemplateSpec | undefined): ConfigReference[] {
  const found = new Map<string, ConfigReference>();
  const add = (kind: ConfigReference['kind'], name: string | undefined, optional: boolean | undefined): void => {
    if (!name) return;
    const key = `${kind}/${name}`;
    const prev = found.get(key);
    found.set(key, { kind, name, optional: (prev?.optional ?? true) && optional === true });
  };
  const spec = template?.spec;
  for (const v of spec?.volumes ?? []) {
    add('configmap', v.configMap?.name, v.configMap?.optional);
    add('secret', v.secret?.secretName, v.secret?.optional);
    for (const s of v.projected?.sources ?? []) {
      add('configmap', s.configMap?.name, s.configMap?.optional);
      add('secret', s.secret?.name, s.secret?.optional);
    }
  }
  const containers: Container[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  for (const c of containers) {
    for (const e of c.envFrom ?? []) {
      add('configmap', e.configMapRef?.name, e.configMapRef?.optional);
      add('secret', e.secretRef?.name, e.secretRef?.optional);
    }
    for (const e of c.env ?? []) {
      add('configmap', e.valueFrom?.configMapKeyRef?.name, e.valueFrom?.configMapKeyRef?.optional);
      add('secret', e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.optional);
    }
  }
  // a missing pull secret fails image pulls of private images: as required as any other
  for (const s of spec?.imagePullSecrets ?? []) add('secret', s.name, false);
  return [...found.values()].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
}
