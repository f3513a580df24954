/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

/** A link button of an actions block. */
export interface SlackButton {
  readonly type: 'button';
  readonly text: SlackText & { type: 'plain_text' };
  readonly url: string;
  readonly style?: 'primary' | 'danger';
}

/** The Block Kit blocks Ringmaster sends. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText & { type: 'plain_text' } }
  | { readonly type: 'section'; readonly text?: SlackText; readonly fields?: readonly SlackText[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] }
  | { readonly type: 'divider' }
  | { readonly type: 'actions'; readonly elements: readonly SlackButton[] };

/** Slack's limits on what a message may hold (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

/** Cuts text to `limit` characters, marking the cut with an ellipsis. */
export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Escapes the three characters mrkdwn gives a meaning (links, mentions). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const header = (text: string): SlackBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, SLACK_LIMITS.headerText), emoji: true },
});

export const section = (mrkdwn: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(mrkdwn, SLACK_LIMITS.sectionText) },
});

export const fieldsSection = (fields: readonly string[]): SlackBlock => ({
  type: 'section',
  fields: fields
    .slice(0, SLACK_LIMITS.fields)
    .map((text) => ({ type: 'mrkdwn' as const, text: clip(text, SLACK_LIMITS.fieldText) })),
});

export const context = (mrkdwn: string): SlackBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clip(mrkdwn, SLACK_LIMITS.sectionText) }],
});

export const button = (text: string, url: string, style?: 'primary' | 'danger'): SlackButton => ({
  type: 'button',
  text: { type: 'plain_text', text: clip(text, SLACK_LIMITS.buttonText) },
  url,
  ...(style ? { style } : {}),
});
