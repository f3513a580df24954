import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { badUserInput } from '@ringmaster/domain';
import { Roles } from '../auth/roles.decorator.js';
import { AuditEntry } from './audit-entry.model.js';
import { AuditLog } from './audit.log.js';

const DEFAULT_ENTRIES = 100;
const MAX_ENTRIES = 1000;

/** auditLog(last): the newest audit entries (admin). */
@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditLog) {}

  @Roles('ADMIN')
  @Query(() => [AuditEntry], { description: 'the newest recorded mutations first (admin)' })
  async auditLog(
    @Args('last', { type: () => Int, nullable: true, description: `default ${DEFAULT_ENTRIES}` }) last?: number,
  ): Promise<AuditEntry[]> {
    const limit = last ?? DEFAULT_ENTRIES;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ENTRIES) {
      throw badUserInput('last', `must be from 1 to ${MAX_ENTRIES}`);
    }
    const entries = await this.audit.recent(limit);
    return entries.map((e) => ({ ...e, arguments: JSON.stringify(e.arguments) }));
  }
}
