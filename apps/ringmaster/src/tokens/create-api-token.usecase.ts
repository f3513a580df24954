import { Injectable } from '@nestjs/common';
import { badUserInput } from '@ringmaster/domain';
import { generateToken, hashToken, tokenPrefix } from '../auth/token.secret.js';
import { ROLES, type Actor, type Role } from '../auth/role.model.js';
import { ApiTokenRepository, type ApiTokenRow } from './api-token.repository.js';

const MAX_NAME_LENGTH = 100;

/** createApiToken: a new random token with a role; the clear token is returned once, only its hash is kept. */
@Injectable()
export class CreateApiToken {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async execute(input: { name: string; role: Role }, actor: Actor): Promise<{ token: string; row: ApiTokenRow }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw badUserInput('name', `must have 1 to ${MAX_NAME_LENGTH} characters`);
    }
    if (!ROLES.includes(input.role)) throw badUserInput('role', `must be one of ${ROLES.join(', ')}`);
    const token = generateToken();
    const row = await this.tokens.create({
      name,
      role: input.role,
      tokenHash: hashToken(token),
      prefix: tokenPrefix(token),
      createdBy: actor.name,
    });
    return { token, row };
  }
}
