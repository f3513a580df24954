import { randomInt } from 'node:crypto';
import {
  decideRetry,
  NotificationSender,
  slackMessage,
  webhookBody,
  webhookHeaders,
  type OutboundRequest,
  type RetryPolicy,
} from '@ringmaster/notifications';
import type { DeliveryKind, DeliveryOutcome } from '../metrics/ringmaster.metrics.js';
import type { ClaimedMessage, OutboxRepository } from './outbox.repository.js';

/** Settings of a delivery worker. */
export interface DeliveryWorkerOptions {
  readonly workerId: string;
  readonly retry: RetryPolicy;
  /** How long a claim holds; a worker that dies releases its messages when this runs out. */
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly now: () => Date;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  /** Decrypts a subscription's stored secret. */
  readonly decryptSecret: (subscriptionId: string, sealed: string) => string;
  /** Base URL for train links in Slack messages. */
  readonly linkBaseUrl?: string;
  /** Told of every attempt's outcome (metrics); must not throw. */
  readonly onAttempt?: (kind: DeliveryKind, outcome: DeliveryOutcome) => void;
}

/** What one pass did. */
export interface DeliveryPass {
  readonly delivered: number;
  readonly retried: number;
  readonly dead: number;
  readonly lost: number;
}

/** Claims due outbox messages, sends each once, and records DELIVERED, a retry with backoff, or DEAD. */
export class DeliveryWorker {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly sender: NotificationSender,
    private readonly options: DeliveryWorkerOptions,
  ) {}

  /** One pass: claim a batch, send in parallel, record every outcome. */
  async runOnce(): Promise<DeliveryPass> {
    const now = this.options.now();
    const claimed = await this.outbox.claim(
      this.options.workerId,
      now,
      new Date(now.getTime() + this.options.leaseMs),
      this.options.batchSize,
    );
    const outcomes = await Promise.all(claimed.map((m) => this.deliver(m)));
    return {
      delivered: outcomes.filter((o) => o === 'delivered').length,
      retried: outcomes.filter((o) => o === 'retry').length,
      dead: outcomes.filter((o) => o === 'dead').length,
      lost: outcomes.filter((o) => o === 'lost').length,
    };
  }

  private request(message: ClaimedMessage): OutboundRequest {
    if (message.subscription.kind === 'SLACK') {
      const payload = slackMessage(
        message.event,
        this.options.linkBaseUrl ? { linkBaseUrl: this.options.linkBaseUrl } : {},
      );
      return {
        url: message.subscription.url,
        body: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      };
    }
    const body = webhookBody(message.event);
    const sealed = message.subscription.secretEncrypted;
    const secret = sealed ? this.options.decryptSecret(message.subscription.id, sealed) : null;
    return { url: message.subscription.url, body, headers: webhookHeaders(message.event, body, secret) };
  }

  private async deliver(message: ClaimedMessage): Promise<'delivered' | 'retry' | 'dead' | 'lost'> {
    let result;
    try {
      result = await this.sender.send(this.request(message));
    } catch (error) {
      result = {
        kind: 'failed' as const,
        retryable: false,
        error: `cannot build request: ${(error as Error).message}`,
      };
    }
    const at = this.options.now();
    if (result.kind === 'delivered') {
      this.options.onAttempt?.(message.subscription.kind, 'delivered');
      return (await this.outbox.record(this.options.workerId, message.id, { kind: 'delivered', at }))
        ? 'delivered'
        : 'lost';
    }
    const decision = decideRetry(
      {
        attempts: message.attempts + 1,
        createdAt: message.createdAt,
        now: at,
        random: this.options.random?.() ?? randomInt(1_000_000) / 1_000_000,
        terminal: !result.retryable,
        ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
      },
      this.options.retry,
    );
    this.options.onAttempt?.(message.subscription.kind, decision.kind === 'retry' ? 'failed' : 'dead');
    const recorded =
      decision.kind === 'retry'
        ? await this.outbox.record(this.options.workerId, message.id, {
            kind: 'retry',
            at,
            nextAttemptAt: decision.at,
            error: result.error,
          })
        : await this.outbox.record(this.options.workerId, message.id, {
            kind: 'dead',
            at,
            error: `${result.error}; ${decision.reason}`,
          });
    if (!recorded) return 'lost';
    return decision.kind;
  }
}
