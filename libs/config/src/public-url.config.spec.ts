import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('RINGMASTER_PUBLIC_URL', () => {
  it.each([
    { name: 'default: where the service listens', env: {}, expected: 'http://127.0.0.1:4000' },
    { name: 'default follows HOST and PORT', env: { HOST: '0.0.0.0', PORT: '8080' }, expected: 'http://0.0.0.0:8080' },
    { name: 'default with an IPv6 host', env: { HOST: '::1' }, expected: 'http://[::1]:4000' },
    {
      name: 'set, trailing slash dropped',
      env: { RINGMASTER_PUBLIC_URL: 'https://ringmaster.example.com/' },
      expected: 'https://ringmaster.example.com',
    },
    {
      name: 'set, under a path',
      env: { RINGMASTER_PUBLIC_URL: 'https://ops.example.com/ringmaster' },
      expected: 'https://ops.example.com/ringmaster',
    },
  ])('$name', ({ env, expected }) => {
    expect(loadConfig(env).publicUrl).toBe(expected);
  });

  it.each([
    { name: 'not a URL', value: 'ringmaster.example.com' },
    { name: 'another scheme', value: 'ftp://ringmaster.example.com' },
    { name: 'a query', value: 'https://ringmaster.example.com/?a=1' },
    { name: 'a fragment', value: 'https://ringmaster.example.com/#/' },
    { name: 'credentials', value: 'https://user:pw@ringmaster.example.com' },
  ])('refuses $name with a message naming the variable', ({ value }) => {
    const load = () => loadConfig({ RINGMASTER_PUBLIC_URL: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'RINGMASTER_PUBLIC_URL must be an http(s) URL without query or fragment, like https://ringmaster.example.com',
    );
  });
});
