import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import type { Level } from 'pino';
import { createServiceLogger, PinoLoggerService } from './pino.logger.js';

function capture(level: Level): { service: PinoLoggerService; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const service = new PinoLoggerService(createServiceLogger(level, sink));
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { service, lines };
}

const LEVEL = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

describe('PinoLoggerService', () => {
  it.each([
    ['log with a context', (s: PinoLoggerService) => s.log('train started', 'TrainEngine'), LEVEL.info, 'TrainEngine'],
    ['warn', (s: PinoLoggerService) => s.warn('slow cluster', 'Driver'), LEVEL.warn, 'Driver'],
    ['debug', (s: PinoLoggerService) => s.debug('pass', 'Reconciler'), LEVEL.debug, 'Reconciler'],
    ['verbose as trace', (s: PinoLoggerService) => s.verbose('detail', 'X'), LEVEL.trace, 'X'],
    ['fatal', (s: PinoLoggerService) => s.fatal('dying', 'Main'), LEVEL.fatal, 'Main'],
    [
      'framework chatter at debug',
      (s: PinoLoggerService) => s.log('Mapped {/, GET}', 'RouterExplorer'),
      LEVEL.debug,
      'RouterExplorer',
    ],
  ])('writes %s as one JSON line with level and context', (_name, act, level, context) => {
    const { service, lines } = capture('trace');
    act(service);
    expect(lines()).toEqual([
      expect.objectContaining({
        level,
        context,
        service: 'ringmaster',
        time: expect.any(String),
        msg: expect.any(String),
      }),
    ]);
  });

  it.each([
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as [Level, string[]][])('at level %s keeps only %j', (level, kept) => {
    const { service, lines } = capture(level);
    service.debug('d');
    service.log('i');
    service.warn('w');
    service.error('e');
    const byNumber = Object.fromEntries(Object.entries(LEVEL).map(([k, v]) => [v, k]));
    expect(lines().map((l) => byNumber[l.level as number])).toEqual(kept);
  });

  it('keeps the stack Nest passes with an error, and the fields of an object message', () => {
    const { service, lines } = capture('info');
    service.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'ExceptionsHandler');
    service.log({ msg: 'pass done', train: 't1', ms: 12 }, 'Reconciler');
    const [err, obj] = lines();
    expect(err).toMatchObject({
      msg: 'boom',
      context: 'ExceptionsHandler',
      err: { stack: expect.stringContaining('at x') },
    });
    expect(obj).toMatchObject({ msg: 'pass done', train: 't1', ms: 12, context: 'Reconciler' });
  });

  it('follows the lowest level Nest asks for', () => {
    const { service, lines } = capture('info');
    service.debug('hidden');
    service.setLogLevels(['debug', 'error']);
    service.debug('shown');
    expect(lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
