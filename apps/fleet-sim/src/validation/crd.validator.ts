import type { Loose } from '../store/k8s.types.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/** Where the real Argo Rollouts CRDs live, relative to the repository root (shared/ sits beside it). */
export const DEFAULT_CRD_DIR = process.env.FLEET_SIM_CRD_DIR ?? findCrdDir();

/** One field error, Kubernetes style (`spec.strategy.canary.steps[0].setWeight`). */
export interface FieldCause {
  field: string;
  message: string;
}

/** Validates an object against a CRD's openAPIV3Schema; returns the causes (empty when valid). */
export type CrdValidator = (obj: unknown) => FieldCause[];

const INT32_MAX = 2 ** 31 - 1;
const K8S_KEYWORDS = [
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
];

const cache = new Map<string, CrdValidator>();

/** The full CRD document (parsed once per file and process). */
export function loadCrd(file: string): Loose {
  return parse(readFileSync(file, 'utf8'));
}

/**
 * Compiles (once per file and process) a validator for the served version of the CRD in `file`.
 * Unknown fields are not pruned or rejected (as a structural schema without pruning would behave).
 */
export function crdValidator(file: string, version = 'v1alpha1'): CrdValidator {
  const cached = cache.get(`${file}#${version}`);
  if (cached) return cached;
  const crd = loadCrd(file);
  const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
  if (!v) throw new Error(`${file}: no version ${version}`);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  for (const k of K8S_KEYWORDS) ajv.addKeyword(k);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= INT32_MAX });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  const validate: ValidateFunction = ajv.compile(v.schema.openAPIV3Schema);
  const fn: CrdValidator = (obj) => (validate(obj) ? [] : toCauses(validate.errors ?? []));
  cache.set(`${file}#${version}`, fn);
  return fn;
}

/** The Rollout validator from the shared reference CRDs. */
export function rolloutValidator(dir = DEFAULT_CRD_DIR): CrdValidator {
  return crdValidator(path.join(dir, 'rollout-crd.yaml'));
}

function toCauses(errors: ErrorObject[]): FieldCause[] {
  const seen = new Set<string>();
  const out: FieldCause[] = [];
  for (const e of errors) {
    // anyOf branches repeat the same failure; the anyOf summary is enough
    if (e.keyword === 'type' && errors.some((x) => x.keyword === 'anyOf' && x.instancePath === e.instancePath))
      continue;
    const field = toFieldPath(e.instancePath, e.keyword === 'required' ? e.params.missingProperty : undefined);
    const message = e.keyword === 'required' ? 'Required value' : `Invalid value: ${e.message ?? 'invalid'}`;
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}

function toFieldPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1);
  if (child) parts.push(child);
  let out = '';
  for (const p of parts) {
    const key = p.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
  }
  return out || '<root>';
}

function findCrdDir(): string {
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, 'shared', 'reference', 'argo-rollouts');
    const sibling = path.join(dir, '..', 'shared', 'reference', 'argo-rollouts');
    for (const c of [candidate, sibling]) {
      try {
        readFileSync(path.join(c, 'rollout-crd.yaml'), { flag: 'r' }).subarray(0, 1);
        return c;
      } catch {
        // keep looking upwards
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('..', 'shared', 'reference', 'argo-rollouts');
    dir = parent;
  }
}
