import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from '../audit/audit.interceptor.js';
import { AuditLog } from '../audit/audit.log.js';
import { AuditResolver } from '../audit/audit.resolver.js';
import { RolesGuard } from '../auth/roles.guard.js';
import { TokenAuthenticator } from '../auth/token.authenticator.js';
import { ApiTokenRepository } from '../tokens/api-token.repository.js';
import { API_CLOCK } from './api.clock.js';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { PRISMA_CLIENT, prismaClientProvider } from './prisma.provider.js';

/**
 * What every API module shares, global: the PrismaClient (PRISMA_CLIENT), the clock (API_CLOCK), the
 * authenticator, the audit log, and the global RolesGuard, AuditInterceptor and ApiExceptionFilter. Needs DATABASE_HANDLE and
 * RINGMASTER_CONFIG from the AppModule (see ApiCoreModule.forRoot).
 */
@Global()
@Module({})
export class ApiCoreModule {
  static forRoot(shared: { providers: import('@nestjs/common').Provider[] }) {
    return {
      module: ApiCoreModule,
      providers: [
        ...shared.providers,
        prismaClientProvider,
        { provide: API_CLOCK, useValue: () => new Date() },
        ApiTokenRepository,
        TokenAuthenticator,
        AuditLog,
        AuditResolver,
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
      exports: [...shared.providers, PRISMA_CLIENT, API_CLOCK, ApiTokenRepository, TokenAuthenticator, AuditLog],
    };
  }
}
