import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { isDomainError } from '@ringmaster/domain';
import { GraphQLError } from 'graphql';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { ApiContext } from '../graphql/api.context.js';
import { AuditLog } from './audit.log.js';

/**
 * Records every GraphQL mutation in the audit log after it ran: actor, role, operation (the field name),
 * arguments (redacted) and outcome (`ok` or `error:<CODE>`). Mutations the RolesGuard refuses never get here: the
 * guard records those itself (`refused:<CODE>`).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const { actor } = gql.getContext<ApiContext>();
    const base = {
      actor: actor?.name ?? 'anonymous',
      role: actor?.role ?? 'NONE',
      operation: info.fieldName,
      arguments: gql.getArgs<Record<string, unknown>>(),
    };
    return from(
      (async () => {
        try {
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.audit.record({ ...base, outcome: 'ok' });
          return result;
        } catch (error) {
          await this.audit.record({ ...base, outcome: `error:${errorCode(error)}` });
          throw error;
        }
      })(),
    );
  }
}

function errorCode(error: unknown): string {
  if (isDomainError(error)) return error.code;
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') return error.extensions.code;
  return 'INTERNAL_SERVER_ERROR';
}
