import type { NotificationEvent } from './notification.event.js';
import { severityOf } from './notification.event.js';

/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

/** The Block Kit blocks Ringmaster sends. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText & { type: 'plain_text' } }
  | { readonly type: 'section'; readonly text?: SlackText; readonly fields?: readonly SlackText[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] }
  | { readonly type: 'divider' }
  | {
      readonly type: 'actions';
      readonly elements: readonly {
        type: 'button';
        text: SlackText & { type: 'plain_text' };
        url: string;
        style?: 'primary' | 'danger';
      }[];
    };

/** An incoming-webhook payload: `text` is the fallback shown in notifications, `blocks` the message. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Options of the Slack formatter. */
export interface SlackOptions {
  /** Base URL of the Ringmaster UI/API; a train link is `${baseUrl}/trains/${id}`. */
  readonly linkBaseUrl?: string;
}

const HEADER_LIMIT = 150;
const TEXT_LIMIT = 3000;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function title(event: NotificationEvent): string {
  const version = event.train?.releaseVersion ?? event.train?.id ?? 'ringmaster';
  switch (event.type) {
    case 'TRAIN_HALTED':
      return `:rotating_light: Train HALTED: ${version}`;
    case 'RING_AWAITING_APPROVAL':
      return `:raised_hand: Approval needed: ${version}${event.ring ? ` ring ${event.ring}` : ''}`;
    case 'ROLLBACK_UNSAFE':
      return `:warning: Rollback unsafe: ${version}`;
    default:
      return `${severityOf(event.type) === 'INFO' ? ':information_source:' : ':warning:'} ${event.type} ${version}`;
  }
}

function fields(event: NotificationEvent): SlackText[] {
  const out: SlackText[] = [];
  const add = (label: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') out.push({ type: 'mrkdwn', text: `*${label}*\n${escape(String(value))}` });
  };
  add('Train', event.train?.id);
  add('Release', event.train?.releaseVersion);
  add('Ring plan', event.train?.ringPlan);
  add('Ring', event.ring);
  add('Environment', event.environment);
  const c = event.counts;
  if (c) {
    const parts = [
      c.succeeded !== undefined ? `${c.succeeded} ok` : '',
      c.failed !== undefined ? `${c.failed} failed` : '',
      c.inFlight !== undefined ? `${c.inFlight} in flight` : '',
      c.total !== undefined ? `${c.total} total` : '',
    ].filter((p) => p !== '');
    add('Targets', parts.join(', '));
  }
  return out.slice(0, 10);
}

/**
 * The Slack incoming-webhook payload for an event: a header, the message, a fields section (train, ring, counts),
 * for halts and attributed failures the attribution and its evidence, and a link to the train. Halts, unsafe
 * rollbacks and approvals-needed get a distinct header and a danger/primary button.
 */
export function slackMessage(event: NotificationEvent, options: SlackOptions = {}): SlackMessage {
  const heading = clip(title(event), HEADER_LIMIT);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: heading, emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escape(event.message), TEXT_LIMIT) } },
  ];
  const f = fields(event);
  if (f.length > 0) blocks.push({ type: 'section', fields: f });
  if (event.attribution) {
    const a = event.attribution;
    const confidence = a.confidence !== undefined ? ` (confidence ${Math.round(a.confidence * 100)}%)` : '';
    const evidence = a.evidence.map((line) => `• ${escape(line)}`).join('\n');
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*Attribution: ${escape(a.cause)}*${confidence}\n${evidence}`, TEXT_LIMIT) },
    });
  }
  if (options.linkBaseUrl && event.train) {
    const url = `${options.linkBaseUrl.replace(/\/+$/, '')}/trains/${encodeURIComponent(event.train.id)}`;
    const style = event.type === 'TRAIN_HALTED' || event.type === 'ROLLBACK_UNSAFE' ? 'danger' : 'primary';
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open train' }, url, style }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${event.type} · ${event.occurredAt.toISOString()} · event ${event.id}` }],
  });
  return { text: clip(`${heading}: ${event.message}`, TEXT_LIMIT), blocks };
}
