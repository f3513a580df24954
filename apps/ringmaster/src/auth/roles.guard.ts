import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { AuditLog } from '../audit/audit.log.js';
import type { ApiContext } from '../graphql/api.context.js';
import { forbidden, unauthenticated } from './auth.errors.js';
import { PUBLIC_OPERATION, REQUIRED_ROLE } from './roles.decorator.js';
import { roleAllows, type Role } from './role.model.js';

/**
 * Global guard of every GraphQL root field. The context already carries the authentication (see api.context.ts);
 * this refuses with UNAUTHENTICATED (no or bad token) or FORBIDDEN (role too weak), and records refused mutations in
 * the audit log (guards run before the AuditInterceptor). HTTP controllers pass through.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
    const root = info.parentType.name;
    if (root !== 'Query' && root !== 'Mutation' && root !== 'Subscription') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_OPERATION, targets)) return true;
    const required =
      this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? (root === 'Mutation' ? 'ADMIN' : 'VIEWER');
    const { authentication } = gql.getContext<ApiContext>();
    const refusal =
      authentication.kind === 'invalid'
        ? unauthenticated(authentication.why)
        : authentication.kind === 'anonymous'
          ? unauthenticated()
          : roleAllows(authentication.actor.role, required)
            ? undefined
            : forbidden(required, authentication.actor.role);
    if (!refusal) return true;
    if (root === 'Mutation') {
      const actor = authentication.kind === 'actor' ? authentication.actor : undefined;
      await this.audit.record({
        actor: actor?.name ?? 'anonymous',
        role: actor?.role ?? 'NONE',
        operation: info.fieldName,
        arguments: gql.getArgs<Record<string, unknown>>(),
        outcome: `refused:${String(refusal.extensions.code)}`,
      });
    }
    throw refusal;
  }
}
