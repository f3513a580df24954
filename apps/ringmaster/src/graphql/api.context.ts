import type { Authentication } from '../auth/token.authenticator.js';
import type { Actor } from '../auth/role.model.js';
import { RequestLoaders } from './request.loaders.js';

/** The GraphQL context of one request (HTTP) or one operation (graphql-ws). */
export interface ApiContext {
  authentication: Authentication;
  /** set when the authentication found a valid token */
  actor?: Actor;
  loaders: RequestLoaders;
}

/** Builds the context from an authentication result. */
export function apiContext(authentication: Authentication): ApiContext {
  return {
    authentication,
    actor: authentication.kind === 'actor' ? authentication.actor : undefined,
    loaders: new RequestLoaders(),
  };
}
