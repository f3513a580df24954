/** The database cannot be used; the message is one line meant for an operator. */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/**
 * A duplicate key: Prisma's P2002, or PostgreSQL's SQLSTATE 23505 as a driver adapter (PGlite's) reports it.
 * Use it where a concurrent insert must turn into a CONFLICT rather than an internal error.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'P2002' || code === '23505';
}

interface ErrorWithCode {
  code?: string;
  message?: string;
  errors?: ErrorWithCode[];
}

/** Turns a driver's connection error into one sentence that says what to fix. */
export function describeConnectionError(error: unknown, where: string): DatabaseError {
  const e = error as ErrorWithCode;
  const code = e.code ?? e.errors?.[0]?.code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name could not be resolved',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    '28P01': 'password authentication failed',
    '28000': 'access refused by pg_hba.conf',
    '3D000': 'the database does not exist',
  };
  const reason = (code && reasons[code]) ?? e.message ?? String(error);
  return new DatabaseError(`cannot connect to PostgreSQL at ${where}: ${reason}`, { cause: error });
}
