import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { ApiTokenRepository } from '../tokens/api-token.repository.js';
import { hashToken } from './token.secret.js';
import type { Actor } from './role.model.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** What authenticating a request found: no credentials, an actor, or credentials that are not valid. */
export type Authentication = { kind: 'anonymous' } | { kind: 'actor'; actor: Actor } | { kind: 'invalid'; why: string };

/**
 * Turns an `Authorization` header value (HTTP, or graphql-ws `connectionParams.authorization`) into an actor.
 * Never throws for bad credentials: the guard decides what to refuse.
 */
@Injectable()
export class TokenAuthenticator {
  constructor(
    @Inject(RINGMASTER_CONFIG) private readonly config: RingmasterConfig,
    private readonly tokens: ApiTokenRepository,
  ) {}

  async authenticate(header: unknown): Promise<Authentication> {
    if (header === undefined || header === null || header === '') return { kind: 'anonymous' };
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) return { kind: 'invalid', why: 'the Authorization header must be "Bearer <token>"' };
    const token = match[1];
    if (this.isAdminToken(token)) return { kind: 'actor', actor: { name: 'admin-token', role: 'ADMIN' } };
    const row = await this.tokens.findActiveByHash(hashToken(token));
    if (!row) return { kind: 'invalid', why: 'unknown or revoked token' };
    return {
      kind: 'actor',
      actor: { name: `token:${row.name}`, role: row.role, tokenId: row.id, tokenName: row.name },
    };
  }

  private isAdminToken(token: string): boolean {
    const admin = this.config.adminToken;
    if (!admin) return false;
    const a = Buffer.from(token, 'utf8');
    const b = Buffer.from(admin, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
