import { describe, expect, it, jest } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { badUserInput, conflict, notFound } from '@ringmaster/domain';
import { formatApiError } from './api-error.formatter.js';
import { forbidden, unauthenticated } from '../auth/auth.errors.js';

function wrap(original: Error): GraphQLError {
  return original instanceof GraphQLError ? original : new GraphQLError(original.message, { originalError: original });
}

describe('formatApiError', () => {
  it.each([
    ['bad input', badUserInput('rings[0].bake', 'no'), { code: 'BAD_USER_INPUT', field: 'rings[0].bake' }],
    ['not found', notFound('ring plan', 'x'), { code: 'NOT_FOUND' }],
    ['conflict', conflict('not awaiting approval'), { code: 'CONFLICT' }],
    ['no token', unauthenticated(), { code: 'UNAUTHENTICATED' }],
    ['weak role', forbidden('ADMIN', 'VIEWER'), { code: 'FORBIDDEN', requiredRole: 'ADMIN' }],
  ])('keeps the code of %s', (_name, error, extensions) => {
    const log = jest.fn();
    const wrapped = wrap(error);
    const out = formatApiError({ message: wrapped.message, extensions: wrapped.extensions }, wrapped, log);
    expect(out.extensions).toMatchObject(extensions);
    expect(out.extensions).not.toHaveProperty('stacktrace');
    expect(log).not.toHaveBeenCalled();
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a database error', new Error('relation "Secret" does not exist at /srv/app/db.ts:12')],
  ])('hides %s behind INTERNAL_SERVER_ERROR and logs it', (_name, error) => {
    const log = jest.fn();
    const wrapped = wrap(error);
    const out = formatApiError(
      { message: wrapped.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      wrapped,
      log,
    );
    expect(out).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(log).toHaveBeenCalledWith(error);
  });

  it('reports a request that does not validate as BAD_USER_INPUT', () => {
    const error = new GraphQLError('Cannot query field "nope"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const out = formatApiError({ message: error.message, extensions: error.extensions }, error, jest.fn());
    expect(out.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
