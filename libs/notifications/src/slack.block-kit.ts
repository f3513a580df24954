import { SLACK_LIMITS, type SlackBlock, type SlackText } from './slack.blocks.js';

/**
 * What Slack would refuse in a message, as sentences (empty: none): the block types Ringmaster uses, their text
 * objects and lengths, field and element counts, http(s) button URLs, at most 50 blocks.
 */
export function blockKitProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  const blocks = message.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) return ['blocks: a non-empty array is required'];
  if (blocks.length > SLACK_LIMITS.blocks) problems.push(`blocks: ${blocks.length} > ${SLACK_LIMITS.blocks}`);
  if (typeof message.text !== 'string' || message.text === '') problems.push('text: a fallback text is required');
  const text = (where: string, t: SlackText | undefined, max: number, plainOnly = false): void => {
    if (!t || typeof t.text !== 'string') return void problems.push(`${where}: a text object is required`);
    if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) problems.push(`${where}: type ${t.type}`);
    if (t.text.length === 0) problems.push(`${where}: empty text`);
    if (t.text.length > max) problems.push(`${where}: ${t.text.length} characters > ${max}`);
  };
  (blocks as SlackBlock[]).forEach((block, i) => {
    const at = `blocks[${i}] (${block.type})`;
    switch (block.type) {
      case 'header':
        text(at, block.text, SLACK_LIMITS.headerText, true);
        break;
      case 'section':
        if (!block.text && !block.fields) problems.push(`${at}: text or fields required`);
        if (block.text) text(at, block.text, SLACK_LIMITS.sectionText);
        if (block.fields) {
          if (block.fields.length > SLACK_LIMITS.fields)
            problems.push(`${at}: more than ${SLACK_LIMITS.fields} fields`);
          block.fields.forEach((f, j) => text(`${at}.fields[${j}]`, f, SLACK_LIMITS.fieldText));
        }
        break;
      case 'context':
        if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements) {
          problems.push(`${at}: 1 to ${SLACK_LIMITS.contextElements} elements`);
        }
        block.elements.forEach((e, j) => text(`${at}.elements[${j}]`, e, SLACK_LIMITS.sectionText));
        break;
      case 'actions':
        if (block.elements.length === 0 || block.elements.length > 25) problems.push(`${at}: 1 to 25 elements`);
        block.elements.forEach((b, j) => {
          if (b.type !== 'button') problems.push(`${at}.elements[${j}]: type ${String(b.type)}`);
          text(`${at}.elements[${j}]`, b.text, SLACK_LIMITS.buttonText, true);
          if (!/^https?:\/\/[^\s]+$/.test(b.url) || b.url.length > SLACK_LIMITS.buttonUrl) {
            problems.push(`${at}.elements[${j}]: url must be http(s), at most ${SLACK_LIMITS.buttonUrl} characters`);
          }
        });
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at}: unknown block type`);
    }
  });
  return problems;
}
