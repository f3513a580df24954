import { createHash, randomBytes } from 'node:crypto';

/** Every token starts with this marker, so that leaked tokens are recognisable by secret scanners. */
const TOKEN_MARKER = 'rmt_';
const TOKEN_RANDOM_BYTES = 32;
/** characters of the token kept in clear, to recognise it in lists */
export const TOKEN_PREFIX_LENGTH = 12;

/** A fresh random API token (shown once, stored only as its hash). */
export function generateToken(): string {
  return TOKEN_MARKER + randomBytes(TOKEN_RANDOM_BYTES).toString('base64url');
}

/** The sha256 (hex) a token is stored and looked up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The clear part of a token shown in lists. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX_LENGTH);
}
