import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DeliveryWorker } from './delivery.worker.js';
import type { OutboxRepository } from './outbox.repository.js';

/**
 * Runs dispatch (events → outbox) and delivery on an interval, one pass at a time (a slow pass is never overlapped).
 * Started when the application boots, stopped on shutdown; a restarted process simply resumes from the tables.
 */
export class NotificationLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly worker: DeliveryWorker,
    private readonly intervalMs: number,
    private readonly now: () => Date,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One dispatch + delivery pass; errors are logged (without response bodies) and the next tick tries again. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.outbox.dispatch(this.now(), 500);
        const pass = await this.worker.runOnce();
        if (pass.dead > 0) this.logger.warn(`${pass.dead} notification(s) moved to dead letters`);
      } catch (error) {
        this.logger.error(`notification pass failed: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
