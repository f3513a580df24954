/** A GraphQL error as clients receive it. */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; issues?: { field: string; message: string }[] } & Record<
    string,
    unknown
  >;
}

/** A GraphQL response. */
export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/**
 * A minimal GraphQL-over-HTTP client for scripts and end-to-end tests: POSTs to `<baseUrl>/graphql` with an
 * optional bearer token. Errors come back as data in `errors`, never thrown (only network failures throw).
 */
export function graphqlClient(baseUrl: string, token?: string) {
  return async <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
}

/** The GraphQL client type. */
export type GraphQLClient = ReturnType<typeof graphqlClient>;
