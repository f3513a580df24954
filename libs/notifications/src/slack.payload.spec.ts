import { describe, expect, it } from '@jest/globals';
import type { NotificationEvent } from './notification.event.js';
import { blockKitProblems } from './slack.block-kit.js';
import { countsLine, SLACK_ATTRIBUTIONS_SHOWN, slackMessage, trainLink } from './slack.payload.js';

const counts = {
  scope: 'ring' as const,
  total: 44,
  pending: 30,
  deploying: 0,
  healthy: 12,
  failed: 2,
  excluded: 0,
  rolledBack: 0,
};
const base: NotificationEvent = {
  id: 'evt-9',
  type: 'RING_STARTED',
  occurredAt: new Date('2026-01-01T10:00:00Z'),
  train: { id: 'train-1', releaseVersion: '2.3.0', ringPlan: 'standard', status: 'RUNNING' },
  ring: 'cohort',
  counts,
  message: 'ring cohort started <3 waves>',
};
const release = (environment: string, confidence: number, evidence = [`${environment}: crash loop`]) => ({
  cause: 'RELEASE',
  confidence,
  evidence,
  environment,
  ring: 'cohort',
  signature: 'CrashLoopBackOff',
});
const halt: NotificationEvent = {
  ...base,
  type: 'TRAIN_HALTED',
  train: { ...base.train!, status: 'HALTED' },
  message: 'train halted: failure budget of ring cohort exhausted (2 of 1)',
  attribution: release('globex-prod', 0.97, ['crash loop in 3 tenants across 2 clusters', 'stable is healthy']),
  attributions: [
    release('globex-prod', 0.97, ['crash loop in 3 tenants across 2 clusters', 'stable is healthy']),
    release('acme-prod', 0.9),
  ],
};
const options = { linkBaseUrl: 'http://127.0.0.1:4000/' };
const json = (m: unknown) => JSON.stringify(m);
const headerOf = (m: ReturnType<typeof slackMessage>) => {
  const first = m.blocks[0]!;
  return first.type === 'header' ? first.text.text : '';
};

describe('slackMessage', () => {
  it.each([
    { type: 'RING_STARTED', expected: ':information_source: Ring started: 2.3.0', button: 'primary' },
    { type: 'TRAIN_HALTED', expected: ':rotating_light: Train HALTED: 2.3.0', button: 'danger' },
    { type: 'RING_AWAITING_APPROVAL', expected: ':raised_hand: Approval needed: 2.3.0 ring cohort', button: 'primary' },
    { type: 'ROLLBACK_UNSAFE', expected: ':warning: Rollback unsafe: 2.3.0', button: 'danger' },
    { type: 'TARGET_FAILED', expected: ':warning: Target failed: 2.3.0', button: 'primary' },
    { type: 'TRAIN_COMPLETED', expected: ':white_check_mark: Train completed: 2.3.0', button: 'primary' },
  ])('$type: valid Block Kit, header "$expected", a $button link to the train', ({ type, expected, button }) => {
    const message = slackMessage({ ...base, type }, options);
    expect(blockKitProblems(message)).toEqual([]);
    expect(headerOf(message)).toBe(expected);
    expect(message.blocks.find((b) => b.type === 'actions')).toMatchObject({
      elements: [{ url: 'http://127.0.0.1:4000/?train=train-1', style: button }],
    });
    expect(message.text).toContain(base.message);
  });

  it('shows train (linked), release, plan, ring and status as fields, and the ring targets by state', () => {
    const message = slackMessage(base, options);
    const fields = message.blocks.find((b) => b.type === 'section' && b.fields);
    expect((fields as unknown as { fields: { text: string }[] }).fields.map((f) => f.text)).toEqual([
      '*Train*\n<http://127.0.0.1:4000/?train=train-1|train-1>',
      '*Release*\n2.3.0',
      '*Ring plan*\nstandard',
      '*Ring*\ncohort',
      '*Train status*\nRUNNING',
    ]);
    expect(json(message.blocks)).toContain('*Targets in ring cohort:* 12 healthy · 2 failed · 30 pending · 44 in all');
    expect(json(message.blocks)).toContain('&lt;3 waves&gt;');
  });

  it('without a base URL: no button, the train id unlinked', () => {
    const message = slackMessage(base);
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(json(message.blocks)).toContain('*Train*\\ntrain-1');
  });

  it('a halt stands out: its reason, each attribution with cause, confidence, target and evidence', () => {
    const message = slackMessage(halt, options);
    expect(blockKitProblems(message)).toEqual([]);
    const sections = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(sections).toEqual([
      'train halted: failure budget of ring cohort exhausted (2 of 1)',
      '*Targets in ring cohort:* 12 healthy · 2 failed · 30 pending · 44 in all',
      '*Attribution:* *RELEASE* · confidence 97% · `globex-prod` in ring cohort · CrashLoopBackOff\n' +
        '• crash loop in 3 tenants across 2 clusters\n• stable is healthy',
      '*Attribution:* *RELEASE* · confidence 90% · `acme-prod` in ring cohort · CrashLoopBackOff\n• acme-prod: crash loop',
    ]);
    expect(message.blocks.find((b) => b.type === 'actions')).toMatchObject({
      elements: [{ text: { text: 'Open the halted train' }, style: 'danger' }],
    });
  });

  it(`a halt shows ${SLACK_ATTRIBUTIONS_SHOWN} attributions and counts the rest`, () => {
    const many = Array.from({ length: 12 }, (_, i) => release(`env-${i}`, 0.9));
    const message = slackMessage({ ...halt, attributions: many }, options);
    expect(blockKitProblems(message)).toEqual([]);
    expect(json(message.blocks).match(/\*Attribution:\*/g)).toHaveLength(SLACK_ATTRIBUTIONS_SHOWN);
    expect(json(message.blocks)).toContain('…and 9 more attributed failure(s): open the train to see them all.');
  });

  it('a halt without attributions says so', () => {
    const message = slackMessage({ ...halt, attribution: undefined, attributions: [] }, options);
    expect(json(message.blocks)).toContain('_No attributed failure behind this halt._');
  });

  it('an approval needed says what to do', () => {
    const message = slackMessage(
      { ...base, type: 'RING_AWAITING_APPROVAL', message: 'ring cohort awaits approval' },
      options,
    );
    const text = json(message.blocks);
    expect(text).toContain('*What to do:* ring *cohort* waits for a release manager.');
    expect(text).toContain('`approveRing(trainId: \\"train-1\\", ring: \\"cohort\\")`');
    expect(message.blocks.find((b) => b.type === 'actions')).toMatchObject({
      elements: [{ text: { text: 'Review and approve' }, style: 'primary' }],
    });
  });

  it('a failed target not judged yet says its attribution is pending', () => {
    const message = slackMessage({ ...base, type: 'TARGET_FAILED', environment: 'acme-prod' }, options);
    expect(json(message.blocks)).toContain('Attribution pending');
  });

  it('keeps to Block Kit limits whatever the sizes', () => {
    const long = 'x'.repeat(10_000);
    const message = slackMessage(
      {
        ...halt,
        message: long,
        ring: 'r'.repeat(500),
        environment: 'e'.repeat(3000),
        train: { id: 't'.repeat(200), releaseVersion: 'v'.repeat(400), ringPlan: 'p'.repeat(3000) },
        attributions: Array.from({ length: 30 }, (_, i) => release(`env-${i}`, 0.5, Array(40).fill(long))),
      },
      options,
    );
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('the checker itself catches what Slack refuses', () => {
    expect(
      blockKitProblems({
        text: 'x',
        blocks: [
          { type: 'header', text: { type: 'mrkdwn', text: 'h'.repeat(151) } },
          { type: 'section' },
          { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'go' }, url: 'ftp://x' }] },
          { type: 'video' },
        ],
      }),
    ).toEqual([
      'blocks[0] (header): type mrkdwn',
      'blocks[0] (header): 151 characters > 150',
      'blocks[1] (section): text or fields required',
      'blocks[2] (actions).elements[0]: url must be http(s), at most 3000 characters',
      'blocks[3] (video): unknown block type',
    ]);
    expect(blockKitProblems({ text: 'x', blocks: Array(51).fill({ type: 'divider' }) })).toEqual(['blocks: 51 > 50']);
  });
});

describe('trainLink and countsLine', () => {
  it.each([
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000/?train=t-1'],
    ['https://ops.example.com/ringmaster/', 'https://ops.example.com/ringmaster/?train=t-1'],
  ])('%s → %s', (baseUrl, expected) => {
    expect(trainLink(baseUrl, 't-1')).toBe(expected);
  });

  it.each([
    [counts, 'cohort', '*Targets in ring cohort:* 12 healthy · 2 failed · 30 pending · 44 in all'],
    [
      { ...counts, scope: 'train' as const },
      undefined,
      '*Targets in the train:* 12 healthy · 2 failed · 30 pending · 44 in all',
    ],
    [{ ...counts, total: 0, pending: 0, healthy: 0, failed: 0 }, 'cohort', '*Targets in ring cohort:* 0 in all'],
    [
      { ...counts, excluded: 1, rolledBack: 3, deploying: 4 },
      'cohort',
      '*Targets in ring cohort:* 12 healthy · 2 failed · 4 deploying · 30 pending · 1 excluded · 3 rolled back · 44 in all',
    ],
  ])('counts %#', (c, ring, expected) => {
    expect(countsLine(c, ring)).toBe(expected);
  });
});
