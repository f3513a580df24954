import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import { redactArguments } from './audit.redaction.js';

/** One recorded mutation. `outcome` is `ok` or `error:<CODE>`. */
export interface AuditRecord {
  actor: string;
  role: string;
  operation: string;
  arguments: Record<string, unknown>;
  outcome: string;
}

/** An audit entry as read back. */
export interface AuditEntryView extends AuditRecord {
  id: string;
  at: Date;
}

/** Writes and reads the audit log (AuditEntry). Arguments are redacted before they are stored. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('AuditLog');

  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** Records one mutation. A failure to write is logged, never turned into the mutation's error. */
  async record(entry: AuditRecord): Promise<void> {
    try {
      await this.prisma.auditEntry.create({
        data: { ...entry, arguments: redactArguments(entry.arguments) as object },
      });
    } catch (error) {
      this.logger.error(`cannot write audit entry for ${entry.operation}: ${String(error)}`);
    }
  }

  /** The newest entries first. */
  async recent(limit: number): Promise<AuditEntryView[]> {
    const rows = await this.prisma.auditEntry.findMany({ orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit });
    return rows.map((r) => ({ ...r, arguments: r.arguments as Record<string, unknown> }));
  }
}
