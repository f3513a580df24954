import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What a subscription received so far; `ended` settles when the server completes it or reports an error. */
export interface LiveSubscription<T> {
  received: T[];
  errors: unknown[];
  ended: Promise<void>;
  /** resolves once `received` holds an item matching `done` (rejects when the subscription ends first) */
  until(done: (item: T) => boolean): Promise<T[]>;
  close(): Promise<void>;
}

/** Subscribes over graphql-ws (a real WebSocket) to `<baseUrl>/graphql` with a bearer token. */
export function subscribe<T>(
  baseUrl: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
  pick: (data: Record<string, unknown>) => T,
): LiveSubscription<T> {
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  let isEnded = false;
  client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) received.push(pick(value.data as Record<string, unknown>));
        wake();
      },
      error: (error) => {
        errors.push(error);
        isEnded = true;
        end();
        wake();
      },
      complete: () => {
        isEnded = true;
        end();
        wake();
      },
    },
  );
  return {
    received,
    errors,
    ended,
    until: (done) =>
      new Promise<T[]>((resolve, reject) => {
        const check = () => {
          if (received.some(done)) {
            waiters.delete(check);
            resolve([...received]);
          } else if (isEnded) {
            waiters.delete(check);
            reject(new Error(`subscription ended: ${JSON.stringify(errors)}`));
          }
        };
        waiters.add(check);
        check();
      }),
    close: () => client.dispose() as Promise<void>,
  };
}
