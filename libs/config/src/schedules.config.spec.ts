import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

describe('schedule settings', () => {
  it('defaults: every replica re-reads the schedules every 15 s', () => {
    expect(loadConfig({}).schedules).toEqual({ syncIntervalMs: 15_000 });
  });

  it.each([
    { env: { RINGMASTER_SCHEDULE_SYNC_INTERVAL: '500ms' }, syncIntervalMs: 500 },
    { env: { RINGMASTER_SCHEDULE_SYNC_INTERVAL: '30s' }, syncIntervalMs: 30_000 },
    { env: { RINGMASTER_SCHEDULE_SYNC_INTERVAL: '1m' }, syncIntervalMs: 60_000 },
  ])('reads $env', ({ env, syncIntervalMs }) => {
    expect(loadConfig(env).schedules).toEqual({ syncIntervalMs });
  });

  it.each<[Record<string, string>, RegExp]>([
    [
      { RINGMASTER_SCHEDULE_SYNC_INTERVAL: 'often' },
      /RINGMASTER_SCHEDULE_SYNC_INTERVAL must be a duration above 0, like 15s or 1m \(got "often"\)/,
    ],
    [{ RINGMASTER_SCHEDULE_SYNC_INTERVAL: '0s' }, /RINGMASTER_SCHEDULE_SYNC_INTERVAL must be a duration above 0/],
    [{ RINGMASTER_SCHEDULE_SYNC_INTERVAL: '15' }, /RINGMASTER_SCHEDULE_SYNC_INTERVAL/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
