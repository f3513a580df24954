import { badRequest } from './status.js';

/** A compiled selector: true when the labels (or fields) match. */
export type Matcher = (values: Record<string, string | undefined>) => boolean;

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> }
  | { op: 'exists' | 'notexists'; key: string };

const MATCH_ALL: Matcher = () => true;

/**
 * Parses Kubernetes label-selector syntax, equality- and set-based:
 * `a=b,c!=d,e in (x,y),f notin (z),g,!h`. An empty selector matches everything. Bad syntax is a 400.
 */
export function parseLabelSelector(selector: string | undefined | null): Matcher {
  if (!selector || !selector.trim()) return MATCH_ALL;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) => reqs.every((r) => matches(r, labels));
}

/** Parses a field selector (`metadata.name=x,metadata.namespace!=y`) over an object's dotted paths. */
export function parseFieldSelector(selector: string | undefined | null): (obj: unknown) => boolean {
  if (!selector || !selector.trim()) return () => true;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  for (const r of reqs) if (r.op !== 'eq' && r.op !== 'neq') throw badRequest(`invalid field selector "${selector}"`);
  return (obj) => {
    const values: Record<string, string | undefined> = {};
    for (const r of reqs) values[r.key] = fieldValue(obj, r.key);
    return reqs.every((r) => matches(r, values));
  };
}

function fieldValue(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

function matches(r: Requirement, labels: Record<string, string | undefined>): boolean {
  const v = labels[r.key];
  switch (r.op) {
    case 'eq':
      return v === r.value;
    case 'neq':
      return v !== r.value;
    case 'in':
      return v !== undefined && r.values.has(v);
    case 'notin':
      return v === undefined || !r.values.has(v);
    case 'exists':
      return v !== undefined;
    case 'notexists':
      return v === undefined;
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function parseRequirement(raw: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(raw);
  if (set) {
    const values = set[3]
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    checkKey(set[1], raw);
    values.forEach((v) => checkValue(v, raw));
    return { op: set[2] as 'in' | 'notin', key: set[1], values: new Set(values) };
  }
  const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(raw);
  if (eq) {
    checkKey(eq[1], raw);
    checkValue(eq[3], raw);
    return { op: eq[2] === '!=' ? 'neq' : 'eq', key: eq[1], value: eq[3] };
  }
  if (raw.startsWith('!')) {
    const key = raw.slice(1).trim();
    checkKey(key, raw);
    return { op: 'notexists', key };
  }
  checkKey(raw, raw);
  return { op: 'exists', key: raw };
}

function checkKey(key: string, raw: string): void {
  if (!KEY.test(key)) throw badRequest(`unable to parse requirement: "${raw}": invalid label key "${key}"`);
}

function checkValue(value: string, raw: string): void {
  if (!VALUE.test(value)) throw badRequest(`unable to parse requirement: "${raw}": invalid label value "${value}"`);
}
