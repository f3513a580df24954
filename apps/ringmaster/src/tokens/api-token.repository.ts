import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type { Role } from '../auth/role.model.js';

/** An API token as stored (never the token itself). */
export interface ApiTokenRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdBy: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** ApiToken rows. */
@Injectable()
export class ApiTokenRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** The token with this hash, unless revoked. */
  async findActiveByHash(tokenHash: string): Promise<ApiTokenRow | null> {
    return this.prisma.apiToken.findFirst({ where: { tokenHash, revokedAt: null }, select: COLUMNS });
  }

  async list(): Promise<ApiTokenRow[]> {
    return this.prisma.apiToken.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: COLUMNS });
  }

  async findById(id: string): Promise<ApiTokenRow | null> {
    return this.prisma.apiToken.findUnique({ where: { id }, select: COLUMNS });
  }

  async create(row: { name: string; role: Role; tokenHash: string; prefix: string; createdBy: string }) {
    return this.prisma.apiToken.create({ data: row, select: COLUMNS });
  }

  /** Marks the token revoked at `at` unless it already is; returns the row as it is afterwards. */
  async revoke(id: string, at: Date): Promise<ApiTokenRow> {
    await this.prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return (await this.findById(id))!;
  }
}
