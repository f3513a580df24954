import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '@ringmaster/domain';
import { GraphQLError } from 'graphql';

/**
 * Expected refusals (DomainError, auth GraphQLErrors) thrown by resolvers go to the client as they are, without
 * Nest logging each one as a server error; `formatApiError` turns them into `extensions.code`. Anything else
 * is left to Nest (logged) and masked by the formatter as INTERNAL_SERVER_ERROR.
 */
@Catch(DomainError, GraphQLError)
export class ApiExceptionFilter implements GqlExceptionFilter {
  catch(exception: DomainError | GraphQLError, _host: ArgumentsHost): DomainError | GraphQLError {
    return exception;
  }
}
