import { createHash } from 'node:crypto';

// Argo Rollouts and Kubernetes encode hashes with this alphabet (no vowels, no confusable digits)
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HASH_LENGTH = 10;

/**
 * A short, label-safe, deterministic hash of any JSON value (like a pod-template-hash: `687d76d795`).
 * Object key order does not matter (clients re-serialise templates in their own order).
 */
export function safeHash(value: unknown): string {
  const text = canonicalJson(value);
  const cached = hashes.get(text);
  if (cached !== undefined) return cached;
  const digest = createHash('sha1').update(text).digest();
  let out = '';
  for (let i = 0; i < HASH_LENGTH; i++) out += SAFE_ALPHABET[digest[i] % SAFE_ALPHABET.length];
  if (hashes.size >= MAX_CACHED_HASHES) hashes.clear();
  hashes.set(text, out);
  return out;
}

// the controller re-hashes the same templates and step lists on every pass: digest each distinct text once
const hashes = new Map<string, string>();
const MAX_CACHED_HASHES = 50_000;

/** JSON with object keys sorted, so equal values serialise equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
