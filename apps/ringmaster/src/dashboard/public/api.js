/* global window, sessionStorage, localStorage */
// The page's only way to the service: GraphQL over HTTP and the graphql-ws subscription, both with the user's token.
import { createClient } from './vendor/graphql-ws/client.js';

const TOKEN_KEY = 'ringmaster.token';

/** The API token the user pasted: kept for the tab (sessionStorage), or on this device when asked to remember. */
export const token = {
  get() {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY) ?? '';
  },
  set(value, remember) {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, value);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },
};

/** A GraphQL error the page shows; `code` is the API's `extensions.code` (UNAUTHENTICATED, CONFLICT, ...). */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const bearer = () => (token.get() ? `Bearer ${token.get()}` : undefined);

/** Runs one query or mutation; resolves to `data`, rejects with an ApiError carrying the first error's code. */
export async function graphql(query, variables = {}) {
  const headers = { 'content-type': 'application/json' };
  if (bearer()) headers.authorization = bearer();
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError('Ringmaster cannot be reached', 'NETWORK');
  }
  const body = await response.json().catch(() => ({}));
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code);
  }
  if (!response.ok || !body.data) throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  return body.data;
}

let client;
let liveState = 'off';
let notify = () => undefined;
const setState = (next, why) => {
  liveState = next;
  notify(next, why);
};

/** The one graphql-ws connection of the page (lazy: open while something is subscribed), rebuilt on a new token. */
function wsClient(onState) {
  notify = onState;
  if (client) return client;
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  client = createClient({
    url: url.href,
    connectionParams: () => (bearer() ? { authorization: bearer() } : {}),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connected: () => setState('live'),
      // a close after a refusal or the last unsubscribe is not a lost connection
      closed: () => liveState === 'live' && setState('reconnecting'),
    },
  });
  return client;
}

/** Drops the WebSocket (a new token needs a new connection_init). */
export function resetLiveConnection() {
  client?.dispose();
  client = undefined;
  liveState = 'off';
}

/**
 * Subscribes to `trainEvents(trainId)`. `onEvent` gets each event; `onState` gets 'live', 'reconnecting' or
 * 'unavailable' (the subscription was refused). Returns the unsubscribe function.
 */
export function subscribeTrainEvents(trainId, document, onEvent, onState) {
  return wsClient(onState).subscribe(
    { query: document, variables: { trainId } },
    {
      next: (result) => {
        if (result.errors?.length) setState('unavailable', result.errors[0].message);
        else if (result.data) onEvent(result.data.trainEvents);
      },
      error: (error) => setState('unavailable', describe(error)),
      complete: () => undefined,
    },
  );
}

/** graphql-ws reports a refused operation as GraphQL errors, a lost connection as a CloseEvent or an Error. */
function describe(error) {
  if (Array.isArray(error)) return error[0]?.message ?? 'refused';
  return error?.message || error?.reason || 'connection lost';
}
