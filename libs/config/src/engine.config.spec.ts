import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

describe('engine settings', () => {
  it('defaults: bake telemetry every 5 s, a bake window of at least 60 s', () => {
    expect(loadConfig({}).engine).toEqual({ bakeObserveIntervalMs: 5_000, bakeMinWindowSeconds: 60 });
  });

  it.each([
    { env: { RINGMASTER_BAKE_OBSERVE_INTERVAL: '500ms' }, engine: { bakeObserveIntervalMs: 500 } },
    { env: { RINGMASTER_BAKE_OBSERVE_INTERVAL: '1m' }, engine: { bakeObserveIntervalMs: 60_000 } },
    { env: { RINGMASTER_BAKE_MIN_WINDOW: '90s' }, engine: { bakeMinWindowSeconds: 90 } },
    { env: { RINGMASTER_BAKE_MIN_WINDOW: '2m' }, engine: { bakeMinWindowSeconds: 120 } },
    { env: { RINGMASTER_BAKE_MIN_WINDOW: '2000ms' }, engine: { bakeMinWindowSeconds: 2 } },
  ])('reads $env', ({ env, engine }) => {
    expect(loadConfig(env).engine).toMatchObject(engine);
  });

  it.each<[Record<string, string>, RegExp]>([
    [
      { RINGMASTER_BAKE_OBSERVE_INTERVAL: 'often' },
      /RINGMASTER_BAKE_OBSERVE_INTERVAL must be a duration above 0, like 5s or 500ms \(got "often"\)/,
    ],
    [{ RINGMASTER_BAKE_OBSERVE_INTERVAL: '0s' }, /RINGMASTER_BAKE_OBSERVE_INTERVAL must be a duration above 0/],
    [{ RINGMASTER_BAKE_OBSERVE_INTERVAL: '5' }, /RINGMASTER_BAKE_OBSERVE_INTERVAL/],
    [
      { RINGMASTER_BAKE_MIN_WINDOW: '1500ms' },
      /RINGMASTER_BAKE_MIN_WINDOW must be a whole number of seconds above 0, like 60s or 2m/,
    ],
    [{ RINGMASTER_BAKE_MIN_WINDOW: '0m' }, /RINGMASTER_BAKE_MIN_WINDOW/],
    [{ RINGMASTER_BAKE_MIN_WINDOW: '-5s' }, /RINGMASTER_BAKE_MIN_WINDOW/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
