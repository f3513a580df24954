import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decryptSecret, encryptSecret, parseEncryptionKey, SecretCipherError } from './secret.cipher.js';

const key = randomBytes(32);
const kubeconfig = 'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: s3cr3t\n';

describe('encryptSecret / decryptSecret', () => {
  it('round-trips and never shows the plaintext', () => {
    const sealed = encryptSecret(key, kubeconfig, 'eu-1');
    expect(sealed).not.toContain('s3cr3t');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(decryptSecret(key, sealed, 'eu-1')).toBe(kubeconfig);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret(key, kubeconfig)).not.toBe(encryptSecret(key, kubeconfig));
  });

  it.each([
    { name: 'wrong key', run: (s: string) => decryptSecret(randomBytes(32), s, 'eu-1') },
    { name: 'other aad (a ciphertext moved to another cluster)', run: (s: string) => decryptSecret(key, s, 'us-1') },
    {
      name: 'tampered ciphertext',
      run: (s: string) => decryptSecret(key, s.slice(0, -4) + (s.endsWith('AAAA') ? 'BBBB' : 'AAAA'), 'eu-1'),
    },
    { name: 'not a sealed secret', run: () => decryptSecret(key, 'plain text', 'eu-1') },
    { name: 'short key', run: (s: string) => decryptSecret(randomBytes(16), s, 'eu-1') },
  ])('refuses: $name', ({ run }) => {
    const sealed = encryptSecret(key, kubeconfig, 'eu-1');
    expect(() => run(sealed)).toThrow(SecretCipherError);
  });
});

describe('parseEncryptionKey', () => {
  it.each([
    { name: 'hex', text: key.toString('hex') },
    { name: 'base64', text: key.toString('base64') },
  ])('accepts $name', ({ text }) => {
    expect(parseEncryptionKey(text).equals(key)).toBe(true);
  });

  it('rejects a key of the wrong length', () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
