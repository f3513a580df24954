import { Logger } from '@nestjs/common';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import type { RingmasterConfig } from '@ringmaster/config';
import type { TokenAuthenticator } from '../auth/token.authenticator.js';
import { apiContext, type ApiContext } from './api.context.js';
import { formatApiError } from './api-error.formatter.js';
import { queryLimitsRule } from './query-limits.rule.js';

interface HttpContextArgs {
  req?: { headers: Record<string, string | string[] | undefined> };
}
interface WsContextArgs {
  connectionParams?: Record<string, unknown>;
  extra?: { authentication?: ApiContext['authentication'] };
}

/** The one place GraphQL is configured: context and auth (HTTP and graphql-ws), error mapping, limits. */
export function graphqlOptions(config: RingmasterConfig, authenticator: TokenAuthenticator): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  const format = (formatted: Parameters<typeof formatApiError>[0], error: unknown) =>
    formatApiError(formatted, error, (e) => logger.error(e));
  return {
    autoSchemaFile: true,
    sortSchema: true,
    introspection: config.graphql.introspection,
    // the Sandbox (GET /graphql in a browser) only when asked for; the dashboard at / is the page users get
    playground: false,
    plugins: [
      config.graphql.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
    includeStacktraceInErrorResponses: false,
    validationRules: [queryLimitsRule()],
    formatError: format,
    context: async (args: HttpContextArgs & WsContextArgs): Promise<ApiContext> => {
      if (args.extra?.authentication) return apiContext(args.extra.authentication);
      return apiContext(await authenticator.authenticate(args.req?.headers.authorization));
    },
    subscriptions: {
      'graphql-ws': {
        // authenticate once per connection; the guard refuses each operation the role does not allow
        onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const params = ctx.connectionParams ?? {};
          const header = params.authorization ?? params.Authorization;
          const authentication = await authenticator.authenticate(header);
          if (authentication.kind === 'invalid') return false;
          Object.assign(ctx.extra as object, { authentication });
          return true;
        },
        // graphql-ws does not run Apollo's formatError: map errors (NOT_FOUND from a subscribe, ...) the same way
        onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
          result.errors
            ? ({ ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } as FormattedExecutionResult)
            : undefined,
      },
    },
  };
}
