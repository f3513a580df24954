import { Module } from '@nestjs/common';
import { ApiTokenResolver } from './api-token.resolver.js';
import { CreateApiToken } from './create-api-token.usecase.js';
import { RevokeApiToken } from './revoke-api-token.usecase.js';

/** API token operations (the repository comes from the global ApiCoreModule, which also authenticates). */
@Module({ providers: [ApiTokenResolver, CreateApiToken, RevokeApiToken] })
export class TokensModule {}
