import { describe, expect, it } from '@jest/globals';
import { DemoOptionsError, parseDemoOptions, type DemoOptions } from './demo.options.js';

const DEFAULTS: DemoOptions = {
  keep: false,
  scale: 'full',
  port: undefined,
  host: '127.0.0.1',
  live: true,
  color: true,
  logLevel: 'error',
};

describe('parseDemoOptions', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, boolean, Partial<DemoOptions>]>([
    ['nothing on a terminal', [], {}, true, {}],
    ['nothing in a pipe: plain lines, no colour', [], {}, false, { live: false, color: false }],
    ['--keep', ['--keep'], {}, true, { keep: true }],
    ['DEMO_KEEP=1', [], { DEMO_KEEP: '1' }, true, { keep: true }],
    ['DEMO_KEEP=0', [], { DEMO_KEEP: '0' }, true, { keep: false }],
    ['--small', ['--small'], {}, true, { scale: 'small' }],
    ['DEMO_SCALE=small', [], { DEMO_SCALE: 'small' }, true, { scale: 'small' }],
    ['an empty DEMO_SCALE is the default', [], { DEMO_SCALE: '' }, true, { scale: 'full' }],
    ['--port 4100', ['--port', '4100'], {}, true, { port: 4100 }],
    ['DEMO_PORT=0 (any free port)', [], { DEMO_PORT: '0' }, true, { port: 0 }],
    ['--port wins over DEMO_PORT', ['--port', '4100'], { DEMO_PORT: '4200' }, true, { port: 4100 }],
    ['--host', ['--host', '0.0.0.0'], {}, true, { host: '0.0.0.0' }],
    ['--plain on a terminal', ['--plain'], {}, true, { live: false, color: false }],
    ['NO_COLOR keeps the redraw', [], { NO_COLOR: '1' }, true, { color: false }],
    ['LOG_LEVEL passes to the service', [], { LOG_LEVEL: 'info' }, true, { logLevel: 'info' }],
  ])('%s', (_name, argv, env, isTTY, expected) => {
    expect(parseDemoOptions(argv, env, isTTY)).toEqual({ ...DEFAULTS, ...expected });
  });

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['an unknown flag', ['--fast'], {}, /unknown argument "--fast"/],
    ['--port without a value', ['--port'], {}, /--port needs a value/],
    ['a port that is no number', ['--port', 'http'], {}, /port must be a number/],
    ['a port out of range', [], { DEMO_PORT: '70000' }, /port must be a number/],
    ['an unknown scale', [], { DEMO_SCALE: 'huge' }, /DEMO_SCALE must be "full" or "small"/],
    ['DEMO_KEEP that is no boolean', [], { DEMO_KEEP: 'maybe' }, /DEMO_KEEP must be 1 or 0/],
  ])('refuses %s', (_name, argv, env, message) => {
    expect(() => parseDemoOptions(argv, env, true)).toThrow(DemoOptionsError);
    expect(() => parseDemoOptions(argv, env, true)).toThrow(message);
  });

  it('--help answers the usage, as help rather than a mistake', () => {
    const help = (() => {
      try {
        parseDemoOptions(['--help'], {}, true);
      } catch (error) {
        return error as DemoOptionsError;
      }
    })();
    expect(help).toBeInstanceOf(DemoOptionsError);
    expect(help).toMatchObject({ help: true, message: expect.stringMatching(/^usage: npm run demo/) });
    expect(() => parseDemoOptions(['--fast'], {}, true)).toThrow(expect.objectContaining({ help: false }));
  });
});
