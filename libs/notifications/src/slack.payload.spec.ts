import type { NotificationEvent } from './notification.event.js';
import { slackMessage, type SlackBlock } from './slack.payload.js';

const base: NotificationEvent = {
  id: 'evt-9',
  type: 'RING_STARTED',
  occurredAt: new Date('2026-01-01T10:00:00Z'),
  train: { id: 'train-1', releaseVersion: '2.3.0', ringPlan: 'standard' },
  ring: 'internal',
  counts: { total: 12, succeeded: 3, failed: 1, inFlight: 2 },
  message: 'ring internal started <3 waves>',
};

/** The Block Kit rules Slack enforces on what we send (block types, text objects, lengths, at most 50 blocks). */
function assertBlockKit(blocks: readonly SlackBlock[]): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  const text = (t: { type: string; text: string }, max: number): void => {
    expect(['mrkdwn', 'plain_text']).toContain(t.type);
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.text.length).toBeLessThanOrEqual(max);
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        expect(block.text.type).toBe('plain_text');
        text(block.text, 150);
        break;
      case 'section':
        expect(block.text !== undefined || block.fields !== undefined).toBe(true);
        if (block.text) text(block.text, 3000);
        if (block.fields) {
          expect(block.fields.length).toBeLessThanOrEqual(10);
          block.fields.forEach((f) => text(f, 2000));
        }
        break;
      case 'context':
        expect(block.elements.length).toBeLessThanOrEqual(10);
        block.elements.forEach((e) => text(e, 3000));
        break;
      case 'actions':
        expect(block.elements.length).toBeLessThanOrEqual(25);
        block.elements.forEach((b) => {
          expect(b.type).toBe('button');
          expect(b.text.type).toBe('plain_text');
          expect(b.url.startsWith('https://')).toBe(true);
        });
        break;
      case 'divider':
        break;
      default:
        throw new Error(`unknown block ${(block as { type: string }).type}`);
    }
  }
}

describe('slackMessage', () => {
  it.each([
    { type: 'RING_STARTED', header: /RING_STARTED 2\.3\.0/, button: 'primary' },
    { type: 'TRAIN_HALTED', header: /^:rotating_light: Train HALTED: 2\.3\.0/, button: 'danger' },
    {
      type: 'RING_AWAITING_APPROVAL',
      header: /^:raised_hand: Approval needed: 2\.3\.0 ring internal/,
      button: 'primary',
    },
    { type: 'ROLLBACK_UNSAFE', header: /^:warning: Rollback unsafe/, button: 'danger' },
  ])('$type is valid Block Kit with a distinct header', ({ type, header, button }) => {
    const message = slackMessage({ ...base, type }, { linkBaseUrl: 'https://ringmaster.example.com/' });
    assertBlockKit(message.blocks);
    const first = message.blocks[0]!;
    expect(first.type === 'header' && header.test(first.text.text)).toBe(true);
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      elements: [{ url: 'https://ringmaster.example.com/trains/train-1', style: button }],
    });
    expect(message.text).toContain(base.message);
  });

  it('shows train, ring and counts as fields and escapes mrkdwn control characters', () => {
    const message = slackMessage(base);
    const fields = message.blocks.find((b) => b.type === 'section' && b.fields)!;
    const texts = (fields as unknown as { fields: { text: string }[] }).fields.map((f) => f.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        '*Train*\ntrain-1',
        '*Ring*\ninternal',
        '*Targets*\n3 ok, 1 failed, 2 in flight, 12 total',
      ]),
    );
    expect(JSON.stringify(message.blocks)).toContain('&lt;3 waves&gt;');
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('a halt carries the attribution, its confidence and every evidence line', () => {
    const message = slackMessage({
      ...base,
      type: 'TRAIN_HALTED',
      attribution: { cause: 'RELEASE', confidence: 0.97, evidence: ['crash loop in 3 tenants', 'stable is healthy'] },
    });
    assertBlockKit(message.blocks);
    const attribution = JSON.stringify(message.blocks);
    expect(attribution).toContain('*Attribution: RELEASE* (confidence 97%)');
    expect(attribution).toContain('• crash loop in 3 tenants\\n• stable is healthy');
  });

  it('clips very long messages to Block Kit limits', () => {
    const message = slackMessage({
      ...base,
      message: 'x'.repeat(10_000),
      train: { id: 't', releaseVersion: 'v'.repeat(400) },
    });
    assertBlockKit(message.blocks);
  });
});
