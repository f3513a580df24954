/** How big a fleet the demo simulates: `full` is the newcomer's demo, `small` the CI run. */
export type DemoScale = 'full' | 'small';

/** What `npm run demo` was asked to do. */
export interface DemoOptions {
  /** keep the service and the fleet running after the trains, until Ctrl-C */
  keep: boolean;
  scale: DemoScale;
  /** HTTP port of the service; undefined = 4000 when free, any free port otherwise */
  port?: number;
  host: string;
  /** redraw progress bars in place (a terminal) instead of printing plain lines */
  live: boolean;
  /** ANSI colours (a terminal, NO_COLOR unset) */
  color: boolean;
  /** the service's own log level (its JSON lines go to stdout too, so quiet by default) */
  logLevel: string;
}

/** A bad flag or variable (the message says which and what is accepted), or `--help` (`help`, the usage). */
export class DemoOptionsError extends Error {
  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message);
    this.name = 'DemoOptionsError';
  }
}

export const DEMO_USAGE = `usage: npm run demo [-- --keep] [--small] [--port N] [--host H]
  --keep        keep running after the trains so you can explore (or DEMO_KEEP=1)
  --small       a small fleet, as in CI (or DEMO_SCALE=small)
  --port N      service port (or DEMO_PORT; default 4000, any free port when 4000 is taken; 0 = any)
  --host H      address to listen on (or DEMO_HOST; default 127.0.0.1)
  --plain       print plain lines instead of redrawing progress bars (automatic when stdout is not a terminal)`;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);
const MAX_PORT = 65_535;

/** Parses the command line (after `node scripts/demo.mjs`) and the environment. Throws DemoOptionsError. */
export function parseDemoOptions(argv: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): DemoOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep' || arg === '--small' || arg === '--plain' || arg === '--help' || arg === '-h') {
      flags.set(arg, true);
    } else if (arg === '--port' || arg === '--host') {
      const value = argv[++i];
      if (value === undefined) throw new DemoOptionsError(`${arg} needs a value\n${DEMO_USAGE}`);
      flags.set(arg, value);
    } else {
      throw new DemoOptionsError(`unknown argument "${arg}"\n${DEMO_USAGE}`);
    }
  }
  if (flags.has('--help') || flags.has('-h')) throw new DemoOptionsError(DEMO_USAGE, true);

  const scaleText = flags.has('--small') ? 'small' : (env.DEMO_SCALE ?? 'full') || 'full';
  if (scaleText !== 'full' && scaleText !== 'small') {
    throw new DemoOptionsError(`DEMO_SCALE must be "full" or "small" (got "${scaleText}")`);
  }
  const portText = (flags.get('--port') as string | undefined) ?? env.DEMO_PORT;
  const live = isTTY && !flags.has('--plain');
  return {
    keep: flags.has('--keep') || booleanVariable('DEMO_KEEP', env.DEMO_KEEP),
    scale: scaleText,
    port: portText === undefined || portText === '' ? undefined : port(portText),
    host: (flags.get('--host') as string | undefined) ?? (env.DEMO_HOST || '127.0.0.1'),
    live,
    color: live && env.NO_COLOR === undefined,
    logLevel: env.LOG_LEVEL || 'error',
  };
}

function booleanVariable(name: string, value: string | undefined): boolean {
  const v = (value ?? '').toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new DemoOptionsError(`${name} must be 1 or 0 (got "${value}")`);
}

function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_PORT) {
    throw new DemoOptionsError(`the port must be a number from 0 to ${MAX_PORT} (got "${text}")`);
  }
  return n;
}
