import { createHash } from 'node:crypto';

// Argo Rollouts and Kubernetes encode hashes with this alphabet (no vowels, no confusable digits)
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HASH_LENGTH = 10;

/** A short, label-safe, deterministic hash of any JSON value (like a pod-template-hash: `687d76d795`). */
export function safeHash(value: unknown): string {
  const digest = createHash('sha1').update(JSON.stringify(value)).digest();
  let out = '';
  for (let i = 0; i < HASH_LENGTH; i++) out += SAFE_ALPHABET[digest[i] % SAFE_ALPHABET.length];
  return out;
}
