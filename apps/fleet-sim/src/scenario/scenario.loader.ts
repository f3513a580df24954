import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { FAULT_SCHEMA, SCENARIO_SCHEMA } from './scenario.schema.js';
import type { FaultSpec, FleetScenario } from './scenario.types.js';

/** A scenario that does not match the schema; the message names the path at fault. */
export class ScenarioError extends Error {}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateScenario = ajv.compile(SCENARIO_SCHEMA);
const validateFault = ajv.compile(FAULT_SCHEMA);

/**
 * Loads a scenario from an object, YAML text, or a file path (a string that names an existing file).
 * Throws ScenarioError naming the path at fault (e.g. `clusters[0].region: must have required property`).
 */
export function loadScenario(input: FleetScenario | string): FleetScenario {
  let raw: unknown = input;
  let source = 'scenario';
  if (typeof input === 'string') {
    const isFile = !input.includes('\n') && existsSync(input);
    source = isFile ? input : 'scenario';
    try {
      raw = parse(isFile ? readFileSync(input, 'utf8') : input);
    } catch (e) {
      throw new ScenarioError(`${source}: not valid YAML: ${(e as Error).message}`);
    }
  }
  if (!validateScenario(raw))
    throw new ScenarioError(`${source} is invalid: ${describe(validateScenario.errors ?? [])}`);
  const scenario = raw as unknown as FleetScenario;
  checkReferences(scenario, source);
  return scenario;
}

/** Validates one fault (for runtime injection); throws ScenarioError naming the field at fault. */
export function checkFault(fault: unknown): FaultSpec {
  if (!validateFault(fault)) throw new ScenarioError(`fault is invalid: ${describe(validateFault.errors ?? [])}`);
  return fault as unknown as FaultSpec;
}

function checkReferences(s: FleetScenario, source: string): void {
  const clusters = new Set(s.clusters.map((c) => c.name));
  if (clusters.size !== s.clusters.length)
    throw new ScenarioError(`${source} is invalid: clusters: duplicate cluster name`);
  const unknown = (c: string) => !clusters.has(c);
  s.environments?.list?.forEach((e, i) => {
    if (unknown(e.cluster))
      throw new ScenarioError(`${source} is invalid: environments.list[${i}].cluster: unknown cluster "${e.cluster}"`);
  });
  s.environments?.generate?.forEach((b, i) => {
    const bad = b.clusters?.find(unknown);
    if (bad)
      throw new ScenarioError(`${source} is invalid: environments.generate[${i}].clusters: unknown cluster "${bad}"`);
  });
}

/** Picks the most specific errors (oneOf/anyOf produce many) and writes them as `path: message`. */
function describe(errors: ErrorObject[]): string {
  const deepest = Math.max(...errors.map((e) => e.instancePath.split('/').length));
  const chosen = errors.filter(
    (e) => e.instancePath.split('/').length === deepest && !['oneOf', 'anyOf', 'if'].includes(e.keyword),
  );
  const list = (chosen.length > 0 ? chosen : errors).slice(0, 3).map((e) => {
    const path = toPath(e.instancePath) || '<root>';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${e.params.additionalProperty}"`
        : e.keyword === 'enum'
          ? ` (${(e.params.allowedValues as string[]).join(', ')})`
          : '';
    return `${path}: ${e.message}${extra}`;
  });
  return [...new Set(list)].join('; ');
}

function toPath(pointer: string): string {
  let out = '';
  for (const p of pointer.split('/').slice(1)) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
