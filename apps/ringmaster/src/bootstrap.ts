import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { applyPendingMigrations, openDatabase, type DatabaseHandle } from '@ringmaster/persistence';
import { AppModule } from './app.module.js';
import { createServiceLogger, PinoLoggerService } from './logging/pino.logger.js';

export interface RunningService {
  app: INestApplication;
  db: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations (unless turned off), and starts the HTTP server. */
export async function startService(
  config: RingmasterConfig,
  log: (line: string) => void = () => undefined,
): Promise<RunningService> {
  const db = await openDatabase(config.database);
  try {
    if (config.migrateOnStart) {
      const applied = await applyPendingMigrations(db);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    }
    const logger = new PinoLoggerService(createServiceLogger(config.logLevel));
    const app = await NestFactory.create(AppModule.forRoot(config, db), { logger });
    await app.listen(config.http.port, config.http.host);
    const address = app.getHttpServer().address() as { port: number };
    const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
    return {
      app,
      db,
      url: `http://${host}:${address.port}`,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
