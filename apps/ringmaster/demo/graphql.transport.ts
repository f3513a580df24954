/** A GraphQL answer with errors: the demo stops and shows them. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly errors: { message: string; extensions?: { code?: string } }[],
  ) {
    super(
      `${operation}: ${errors.map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`).join('; ')}`,
    );
    this.name = 'GraphQLRequestError';
  }
}

/** Sends one GraphQL operation; resolves its data, rejects with GraphQLRequestError when the answer has errors. */
export type GraphQLRequest = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** GraphQL over HTTP POST to `<baseUrl>/graphql` with a bearer token, like any client of the API. */
export function graphqlTransport(baseUrl: string, token: string): GraphQLRequest {
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      // fetch's own message is only "fetch failed"; the reason is its cause
      const cause = (error as { cause?: Error }).cause;
      throw new Error(`${operationName(query)}: ${baseUrl}/graphql unreachable: ${cause?.message ?? String(error)}`, {
        cause: error,
      });
    }
    const body = (await response.json()) as { data?: T; errors?: GraphQLRequestError['errors'] };
    if (body.errors?.length || !body.data) {
      throw new GraphQLRequestError(operationName(query), body.errors ?? [{ message: `HTTP ${response.status}` }]);
    }
    return body.data;
  };
}

function operationName(query: string): string {
  return /\{\s*(\w+)/.exec(query)?.[1] ?? 'request';
}
