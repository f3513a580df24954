import path from 'node:path';
import { loadCrd, DEFAULT_CRD_DIR } from '../validation/crd.validator.js';
import type { K8sObject } from '../store/k8s.types.js';

const CRD_FILES = ['rollout-crd.yaml', 'analysis-run-crd.yaml', 'analysis-template-crd.yaml'];
let cached: K8sObject[] | undefined;

/** The Argo Rollouts CRDs as stored objects (parsed once; the large specs are shared by every cluster, never mutated). */
export function argoCrds(dir = DEFAULT_CRD_DIR): K8sObject[] {
  cached ??= CRD_FILES.map((f) => loadCrd(path.join(dir, f)) as K8sObject);
  return cached.map((c) => ({ ...c, metadata: { name: c.metadata.name, annotations: c.metadata.annotations } }));
}
