import { GraphQLError } from 'graphql';

/** No token, or a token that is unknown or revoked. */
export function unauthenticated(message = 'a valid bearer token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

/** A valid token whose role is too weak for the operation. */
export function forbidden(required: string, actual: string): GraphQLError {
  return new GraphQLError(`this operation needs the ${required} role; the token has ${actual}`, {
    extensions: { code: 'FORBIDDEN', requiredRole: required },
  });
}
