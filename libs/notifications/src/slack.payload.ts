import type { NotificationAttribution, NotificationCounts, NotificationEvent } from './notification.event.js';
import { severityOf } from './notification.event.js';
import {
  button,
  clip,
  context,
  escapeMrkdwn as escape,
  fieldsSection,
  header,
  section,
  SLACK_LIMITS,
  type SlackBlock,
} from './slack.blocks.js';

export type { SlackBlock, SlackButton, SlackText } from './slack.blocks.js';

/** An incoming-webhook payload: `text` is the fallback shown in notifications, `blocks` the message. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Options of the Slack formatter. */
export interface SlackOptions {
  /** Base URL of Ringmaster (RINGMASTER_PUBLIC_URL); a train's link is `${linkBaseUrl}/?train=<id>`. */
  readonly linkBaseUrl?: string;
}

/** A halt shows this many attributions in full; the rest are counted, and the train's page lists them. */
export const SLACK_ATTRIBUTIONS_SHOWN = 3;
const EVIDENCE_LINES_SHOWN = 8;

/** The dashboard's page of one train. */
export function trainLink(baseUrl: string, trainId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/?train=${encodeURIComponent(trainId)}`;
}

const TITLES: Record<string, string> = {
  TRAIN_HALTED: ':rotating_light: Train HALTED',
  RING_AWAITING_APPROVAL: ':raised_hand: Approval needed',
  ROLLBACK_UNSAFE: ':warning: Rollback unsafe',
  ROLLBACK_STARTED: ':rewind: Rolling back',
  TRAIN_ROLLED_BACK: ':rewind: Train rolled back',
  TRAIN_COMPLETED: ':white_check_mark: Train completed',
};

const humanize = (type: string): string => type.charAt(0) + type.slice(1).toLowerCase().replace(/_/g, ' ');

function title(event: NotificationEvent): string {
  const version = event.train?.releaseVersion ?? event.train?.id ?? 'Ringmaster';
  const known = TITLES[event.type];
  const icon = severityOf(event.type) === 'INFO' ? ':information_source:' : ':warning:';
  const base = known ?? `${icon} ${humanize(event.type)}`;
  const ring = event.type === 'RING_AWAITING_APPROVAL' && event.ring ? ` ring ${event.ring}` : '';
  return `${base}: ${version}${ring}`;
}

function fields(event: NotificationEvent, link: string | undefined): string[] {
  const out: string[] = [];
  const add = (label: string, value: string | undefined, raw = false): void => {
    if (value !== undefined && value !== '') out.push(`*${label}*\n${raw ? value : escape(value)}`);
  };
  if (event.train) add('Train', link ? `<${link}|${escape(event.train.id)}>` : escape(event.train.id), true);
  add('Release', event.train?.releaseVersion);
  add('Ring plan', event.train?.ringPlan);
  add('Ring', event.ring);
  add('Environment', event.environment);
  add('Train status', event.train?.status);
  return out;
}

const BUCKETS: [keyof Omit<NotificationCounts, 'scope' | 'total'>, string][] = [
  ['healthy', 'healthy'],
  ['failed', 'failed'],
  ['deploying', 'deploying'],
  ['pending', 'pending'],
  ['excluded', 'excluded'],
  ['rolledBack', 'rolled back'],
];

/** e.g. "*Targets in ring cohort:* 12 healthy · 2 failed · 30 pending · 44 in all" */
export function countsLine(counts: NotificationCounts, ring: string | undefined): string {
  const where = counts.scope === 'ring' && ring ? `in ring ${escape(ring)}` : 'in the train';
  const parts = BUCKETS.filter(([key]) => counts[key] > 0).map(([key, label]) => `${counts[key]} ${label}`);
  return `*Targets ${where}:* ${[...parts, `${counts.total} in all`].join(' · ')}`;
}

function attributionText(a: NotificationAttribution): string {
  const facts = [
    `*${escape(a.cause)}*`,
    ...(a.confidence !== undefined ? [`confidence ${Math.round(a.confidence * 100)}%`] : []),
    ...(a.environment ? [`\`${escape(a.environment)}\`${a.ring ? ` in ring ${escape(a.ring)}` : ''}`] : []),
    ...(a.signature ? [escape(a.signature)] : []),
    ...(a.overriddenBy ? [`overridden by ${escape(a.overriddenBy)}`] : []),
  ];
  const shown = a.evidence.slice(0, EVIDENCE_LINES_SHOWN).map((line) => `• ${escape(line)}`);
  const more = a.evidence.length - shown.length;
  if (more > 0) shown.push(`• …and ${more} more`);
  return `*Attribution:* ${facts.join(' · ')}\n${shown.join('\n')}`;
}

function attributionBlocks(event: NotificationEvent): SlackBlock[] {
  const all = event.attributions ?? (event.attribution ? [event.attribution] : []);
  if (all.length === 0) {
    if (event.type === 'TRAIN_HALTED') return [section('_No attributed failure behind this halt._')];
    if (event.type === 'TARGET_FAILED') return [context('Attribution pending: an ATTRIBUTED message will say why.')];
    return [];
  }
  const blocks: SlackBlock[] = [{ type: 'divider' }];
  for (const a of all.slice(0, SLACK_ATTRIBUTIONS_SHOWN)) blocks.push(section(attributionText(a)));
  const hidden = all.length - SLACK_ATTRIBUTIONS_SHOWN;
  if (hidden > 0) blocks.push(context(`…and ${hidden} more attributed failure(s): open the train to see them all.`));
  return blocks;
}

function approvalBlock(event: NotificationEvent): SlackBlock {
  const ring = escape(event.ring ?? 'the ring');
  const id = event.train?.id ?? '';
  return section(
    `*What to do:* ring *${ring}* waits for a release manager. Check its targets and telemetry, then approve it ` +
      `to let the train go on — \`approveRing(trainId: "${escape(id)}", ring: "${ring}")\` — or halt the train ` +
      `if anything looks wrong. Nothing further is deployed until then.`,
  );
}

function actions(event: NotificationEvent, link: string | undefined): SlackBlock[] {
  if (!link || link.length > SLACK_LIMITS.buttonUrl) return [];
  const danger = event.type === 'TRAIN_HALTED' || event.type === 'ROLLBACK_UNSAFE';
  const label =
    event.type === 'RING_AWAITING_APPROVAL' ? 'Review and approve' : danger ? 'Open the halted train' : 'Open train';
  return [{ type: 'actions', elements: [button(label, link, danger ? 'danger' : 'primary')] }];
}

/**
 * The Slack incoming-webhook payload for an event: a header, the message, the train's facts, the targets by
 * state, the attribution(s) with their evidence, a link to the train and the event's identity. A halt and an
 * approval needed stand out: a header of their own, the halt's attributions (or a line saying there are none),
 * the approval's next step, and a danger or primary button.
 */
export function slackMessage(event: NotificationEvent, options: SlackOptions = {}): SlackMessage {
  const link = options.linkBaseUrl && event.train ? trainLink(options.linkBaseUrl, event.train.id) : undefined;
  const heading = title(event);
  const blocks: SlackBlock[] = [header(heading), section(escape(event.message))];
  if (event.type === 'RING_AWAITING_APPROVAL') blocks.push(approvalBlock(event));
  const f = fields(event, link);
  if (f.length > 0) blocks.push(fieldsSection(f));
  if (event.counts) blocks.push(section(countsLine(event.counts, event.ring)));
  blocks.push(...attributionBlocks(event));
  blocks.push(...actions(event, link));
  blocks.push(context(`${event.type} · ${event.occurredAt.toISOString()} · event ${event.id}`));
  return {
    text: clip(`${clip(heading, SLACK_LIMITS.headerText)}: ${event.message}`, SLACK_LIMITS.sectionText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}
