import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@ringmaster/domain';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { ApiTokenRepository, type ApiTokenRow } from './api-token.repository.js';

/** revokeApiToken: the token stops working at once. Idempotent: revoking twice keeps the first revocation time. */
@Injectable()
export class RevokeApiToken {
  constructor(
    private readonly tokens: ApiTokenRepository,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  async execute(id: string): Promise<ApiTokenRow> {
    if (!(await this.tokens.findById(id))) throw notFound('API token', id);
    return this.tokens.revoke(id, this.clock());
  }
}
