import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database under ./data', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: path.resolve('data/pglite') });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(config.migrateOnStart).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:5432/test' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.kind).toBe('embedded');
  });

  it('decodes a base64 encryption key of 32 bytes', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ RINGMASTER_ENCRYPTION_KEY: key.toString('base64') }).encryptionKey).toEqual(key);
    expect(loadConfig({ RINGMASTER_ENCRYPTION_KEY: key.toString('hex') }).encryptionKey).toEqual(key);
  });

  it.each([
    ['a port that is not a number', { PORT: 'abc' }, /PORT .*"abc"/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    [
      'a database URL of another scheme',
      { DATABASE_URL: 'mysql://x@y/z' },
      /DATABASE_URL must be a URL like postgresql:/,
    ],
    ['a database URL that is not a URL', { DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [
      'a boolean that is not one',
      { RINGMASTER_MIGRATE_ON_START: 'maybe' },
      /RINGMASTER_MIGRATE_ON_START must be true or false/,
    ],
    ['a short admin token', { RINGMASTER_ADMIN_TOKEN: 'short' }, /RINGMASTER_ADMIN_TOKEN must be at least 16/],
    [
      'an encryption key of the wrong size',
      { RINGMASTER_ENCRYPTION_KEY: 'abcd' },
      /RINGMASTER_ENCRYPTION_KEY must be 32 bytes/,
    ],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('refuses %s, naming the variable', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes secrets in errors', () => {
    expect(() => loadConfig({ RINGMASTER_ADMIN_TOKEN: 'secretish' })).toThrow(/^((?!secretish).)*$/);
  });
});
