import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

describe('notification settings', () => {
  it('defaults: nothing allow-listed, dead after 24h, dispatch every second', () => {
    expect(loadConfig({}).notifications).toEqual({
      allowHosts: [],
      allowCidrs: [],
      deadAfterMs: 86_400_000,
      intervalMs: 1000,
    });
  });

  it.each([
    { allow: '127.0.0.1/32', hosts: [], cidrs: ['127.0.0.1/32'] },
    { allow: '10.0.0.0/8,::1,hooks.internal', hosts: ['hooks.internal'], cidrs: ['10.0.0.0/8', '::1'] },
  ])('RINGMASTER_NOTIFY_ALLOW=$allow', ({ allow, hosts, cidrs }) => {
    const n = loadConfig({ RINGMASTER_NOTIFY_ALLOW: allow }).notifications!;
    expect(n.allowHosts).toEqual(hosts);
    expect(n.allowCidrs).toEqual(cidrs);
  });

  it.each([
    { env: { RINGMASTER_NOTIFY_DEAD_AFTER: '30m' }, deadAfterMs: 1_800_000, intervalMs: 1000 },
    { env: { RINGMASTER_NOTIFY_INTERVAL: '250ms' }, deadAfterMs: 86_400_000, intervalMs: 250 },
  ])('durations $env', ({ env, deadAfterMs, intervalMs }) => {
    expect(loadConfig(env).notifications).toMatchObject({ deadAfterMs, intervalMs });
  });

  it.each([
    { RINGMASTER_NOTIFY_DEAD_AFTER: 'forever' },
    { RINGMASTER_NOTIFY_INTERVAL: '-1s' },
    { RINGMASTER_NOTIFY_ALLOW: 'a b' },
  ])('refuses %o naming the variable', (env) => {
    expect(() => loadConfig(env)).toThrow(Object.keys(env)[0]);
  });
});
