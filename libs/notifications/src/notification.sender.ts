import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { parseRetryAfter } from './retry.policy.js';
import { checkOutboundUrl, type HostResolver, type OutboundAllowList } from './url.guard.js';

/** One HTTP POST to a subscriber. */
export interface OutboundRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The outcome of one attempt. The response body is never read into it (nor logged). */
export type SendResult =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'failed';
      /** false: retrying cannot help (refused URL, 4xx other than 408/425/429) */
      readonly retryable: boolean;
      readonly status?: number;
      readonly retryAfterMs?: number;
      readonly error: string;
    };

/** Options of the sender. */
export interface SenderOptions {
  readonly allow: OutboundAllowList;
  /** Whole-request timeout. */
  readonly timeoutMs: number;
  readonly resolve?: HostResolver;
  readonly now?: () => Date;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

/** Sends notifications over HTTP(S) to checked URLs only. */
export class NotificationSender {
  constructor(private readonly options: SenderOptions) {}

  /**
   * POSTs the body. Resolves and checks the host first and connects to that address (no DNS rebinding); follows no
   * redirects; drains and discards the response body. Never throws.
   */
  async send(request: OutboundRequest): Promise<SendResult> {
    const check = await checkOutboundUrl(request.url, this.options.allow, this.options.resolve);
    if (!check.ok) return { kind: 'failed', retryable: check.code === 'UNRESOLVABLE', error: check.message };
    const { url, address, family } = check;
    const pinned: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: SendResult): void => {
        if (!settled) {
          settled = true;
          resolve(result);
        }
      };
      const req = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
          lookup: pinned,
          timeout: this.options.timeoutMs,
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          const retryAfter = res.headers['retry-after'];
          const now = this.options.now?.() ?? new Date();
          const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now);
          res.on('end', () => {
            clearTimeout(timer);
            if (status >= 200 && status < 300) return finish({ kind: 'delivered', status });
            const retryable = status >= 500 || RETRYABLE_4XX.has(status);
            finish({
              kind: 'failed',
              retryable,
              status,
              ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
              error: `HTTP ${status}`,
            });
          });
          res.on('error', () => finish({ kind: 'failed', retryable: true, status, error: `HTTP ${status}, body cut` }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        finish({ kind: 'failed', retryable: true, error: `timed out after ${this.options.timeoutMs} ms` });
      }, this.options.timeoutMs);
      req.on('timeout', () => req.destroy(new Error('socket timeout')));
      req.on('error', (error) => {
        clearTimeout(timer);
        finish({ kind: 'failed', retryable: true, error: `connection failed: ${error.message}` });
      });
      req.end(request.body);
    });
  }
}
