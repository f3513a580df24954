import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { migrationStatus, type DatabaseHandle } from '@ringmaster/persistence';
import { DATABASE_HANDLE } from '../database/database.tokens.js';

@Controller()
export class HealthController {
  constructor(@Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle) {}

  /** Liveness: the process answers. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and every migration is applied. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: { status(code: number): unknown }) {
    try {
      const status = await migrationStatus(this.db);
      const ready = status.pending.length === 0;
      res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
      return {
        status: ready ? 'ready' : 'not ready',
        database: { status: 'up', kind: this.db.kind },
        migrations: { applied: status.applied.length, pending: status.pending },
      };
    } catch (error) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'not ready', database: { status: 'down', error: (error as Error).message.split('\n')[0] } };
    }
  }
}
