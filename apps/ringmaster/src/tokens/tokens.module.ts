import { Module } from '@nestjs/common';
import { ApiTokenResolver } from './api-token.resolver.js';
import { CreateApiToken } from './create-api-token.usecase.js';
import { MeResolver } from './me.resolver.js';
import { RevokeApiToken } from './revoke-api-token.usecase.js';

/** API token operations and `me` (the repository comes from the global ApiCoreModule, which also authenticates). */
@Module({ providers: [ApiTokenResolver, CreateApiToken, RevokeApiToken, MeResolver] })
export class TokensModule {}
