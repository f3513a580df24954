import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDomainError } from '@ringmaster/domain';

/** The error codes clients see (API.md, "Errors"), plus the catch-all for bugs. */
export const API_ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

// Apollo's own codes for malformed requests, passed through as they are
const GRAPHQL_REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);

/**
 * The one place errors become API errors. A `DomainError` keeps its code and gets `field` and `issues`;
 * GraphQLErrors thrown on purpose (auth, validation) keep theirs; anything else becomes INTERNAL_SERVER_ERROR with
 * a generic message, logged through `log`, so internals (SQL, stack traces, paths) never leak.
 */
export function formatApiError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (isDomainError(original)) {
    const extensions: Record<string, unknown> = { code: original.code };
    if (original.field) extensions.field = original.field;
    if (original.issues.length > 0) extensions.issues = original.issues;
    return { ...base, message: original.message, extensions };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && typeof code === 'string') {
    if ((API_ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL_SERVER_ERROR') {
      return { ...base, extensions: withoutStack(formatted.extensions) };
    }
    if (GRAPHQL_REQUEST_CODES.has(code)) {
      return { ...base, extensions: withoutStack({ ...formatted.extensions, code: 'BAD_USER_INPUT' }) };
    }
  }
  if (code === 'BAD_USER_INPUT') return { ...base, extensions: withoutStack(formatted.extensions) };
  log(original);
  return {
    message: 'internal error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function withoutStack(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { stacktrace: _stacktrace, ...rest } = extensions ?? {};
  return rest;
}
