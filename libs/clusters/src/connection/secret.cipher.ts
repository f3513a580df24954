import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM for secrets at rest (inline kubeconfigs). */

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Format marker and version, so that a future scheme can be told apart. */
const PREFIX = 'v1';

/** A secret that cannot be decrypted (wrong key, tampered or malformed ciphertext). */
export class SecretCipherError extends Error {
  override readonly name = 'SecretCipherError';
}

/** Parses a key given as 64 hex digits or base64 of exactly 32 bytes. */
export function parseEncryptionKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretCipherError(`encryption key must be 32 bytes (64 hex digits or base64), got ${key.length} bytes`);
  }
  return key;
}

/**
 * Encrypts `plaintext` with a fresh random IV: `v1:<iv>:<tag>:<ciphertext>` (base64 parts).
 * Two encryptions of the same text differ. `aad` (optional) binds the ciphertext to a context, e.g. the cluster name.
 */
export function encryptSecret(key: Buffer, plaintext: string, aad?: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

/** Decrypts what `encryptSecret` produced with the same key (and aad). @throws SecretCipherError */
export function decryptSecret(key: Buffer, sealed: string, aad?: string): string {
  checkKey(key);
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX)
    throw new SecretCipherError('not an encrypted secret (unknown format)');
  const [, iv, tag, body] = parts.map((p, i) => (i === 0 ? Buffer.alloc(0) : Buffer.from(p, 'base64')));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretCipherError('malformed encrypted secret');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretCipherError('cannot decrypt secret: wrong key or tampered data');
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SecretCipherError(`encryption key must be 32 bytes, got ${key.length}`);
}
