import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseHandle } from '@ringmaster/persistence';

// Counts the SQL statements one HTTP request makes, at the driver adapter (below Prisma, so an `include` that Prisma
// runs as two statements counts two). A request is tagged with the PROBE_HEADER; statements made in its async
// context (resolvers, DataLoader batches) are recorded under the tag, everything else (background loops) is not.

export const PROBE_HEADER = 'x-sql-probe';

const scope = new AsyncLocalStorage<string>();
const QUERY_METHODS = new Set(['queryRaw', 'executeRaw', 'executeScript']);

/** Statements recorded per probe tag. */
export class SqlProbe {
  private readonly statements = new Map<string, string[]>();

  /** Express-style middleware that runs the rest of a tagged request inside its probe scope. */
  readonly middleware = (req: { headers: Record<string, unknown> }, _res: unknown, next: () => void): void => {
    const tag = req.headers[PROBE_HEADER];
    if (typeof tag !== 'string') return next();
    this.statements.set(tag, []);
    scope.run(tag, next);
  };

  /** The SQL of every statement made under `tag`. */
  of(tag: string): string[] {
    return this.statements.get(tag) ?? [];
  }

  /** The same database, its adapter recording statements made under a probe tag. */
  wrap(db: DatabaseHandle): DatabaseHandle {
    const factory = db.adapter;
    const adapter = Object.create(factory) as typeof factory;
    adapter.connect = async () => this.recording(await factory.connect());
    return { ...db, adapter };
  }

  private record(sql: string): void {
    const tag = scope.getStore();
    if (tag !== undefined) this.statements.get(tag)?.push(sql);
  }

  private recording<T extends object>(queryable: T): T {
    return new Proxy(queryable, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (QUERY_METHODS.has(String(prop))) {
          return (query: { sql?: string } | string, ...rest: unknown[]) => {
            this.record(typeof query === 'string' ? query : (query.sql ?? String(prop)));
            return (value as (...a: unknown[]) => unknown).call(target, query, ...rest);
          };
        }
        if (prop === 'commit' || prop === 'rollback') {
          return (...args: unknown[]) => {
            this.record(String(prop).toUpperCase());
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (prop === 'startTransaction') {
          return async (...args: unknown[]) => {
            this.record('BEGIN');
            const tx = (await (value as (...a: unknown[]) => Promise<object>).call(target, ...args)) as object;
            return this.recording(tx);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  }
}
