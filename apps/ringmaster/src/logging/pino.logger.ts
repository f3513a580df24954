import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/** Nest's framework contexts whose `log` lines (module init, route mapping) are start-up chatter: debug, not info. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'GraphQLModule',
]);

/** Creates the service's JSON logger at `level`, writing to `destination` (default stdout). */
export function createServiceLogger(level: Level, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'ringmaster' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Nest's LoggerService over pino: one JSON object per line with `level`, `time`, `context` and `msg`.
 * Errors keep their stack under `err.stack`. Objects passed as the message are merged into the line.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = contextOf(rest);
    this.write(context && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest may narrow levels at runtime; pino's single threshold keeps the lowest one asked for. */
  setLogLevels(levels: LogLevel[]): void {
    const order: [LogLevel, Level][] = [
      ['verbose', 'trace'],
      ['debug', 'debug'],
      ['log', 'info'],
      ['warn', 'warn'],
      ['error', 'error'],
      ['fatal', 'fatal'],
    ];
    const lowest = order.find(([nest]) => levels.includes(nest));
    if (lowest) this.logger.level = lowest[1];
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context = contextOf(rest);
    // Nest's error(message, stack, context): a string before the context is the stack trace
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](stack ? { ...fields, err: { stack } } : fields, String(message));
    }
  }
}

/** Nest passes the context as the last optional argument. */
function contextOf(rest: unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' && rest.length > 0 && !(rest.length === 1 && looksLikeStack(last)) ? last : undefined;
}

function looksLikeStack(s: string): boolean {
  return s.includes('\n    at ');
}
