import { createHmac } from 'node:crypto';
import type { NotificationEvent } from './notification.event.js';
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signBody,
  verifySignature,
  webhookBody,
  webhookHeaders,
} from './webhook.payload.js';

const event: NotificationEvent = {
  id: 'evt-1',
  type: 'TRAIN_HALTED',
  occurredAt: new Date('2026-01-01T10:00:00Z'),
  train: { id: 'train-1', releaseVersion: '2.3.0', ringPlan: 'standard' },
  ring: 'canary',
  attribution: { cause: 'RELEASE', confidence: 0.97, evidence: ['crash loop in 3 tenants across 2 clusters'] },
  message: 'budget exhausted in ring canary',
};

describe('webhook payload', () => {
  it('has the API.md fields in order, omitting absent optional ones', () => {
    const body = JSON.parse(webhookBody(event)) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'type', 'occurredAt', 'train', 'ring', 'attribution', 'message']);
    expect(body['occurredAt']).toBe('2026-01-01T10:00:00.000Z');
    expect(body['environment']).toBeUndefined();
  });

  it('adds the counts and a halt list of attributions after the API.md fields', () => {
    const counts = {
      scope: 'ring' as const,
      total: 3,
      pending: 1,
      deploying: 0,
      healthy: 1,
      failed: 1,
      excluded: 0,
      rolledBack: 0,
    };
    const body = JSON.parse(webhookBody({ ...event, counts, attributions: [event.attribution!] })) as Record<
      string,
      unknown
    >;
    expect(Object.keys(body)).toEqual([
      'id',
      'type',
      'occurredAt',
      'train',
      'ring',
      'attribution',
      'message',
      'counts',
      'attributions',
    ]);
    expect(body['counts']).toEqual(counts);
    expect(body['attributions']).toEqual([event.attribution]);
  });

  it('signs with HMAC-SHA256 of the exact body', () => {
    const body = webhookBody(event);
    const expected = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    expect(signBody('s3cret', body)).toBe(expected);
    const headers = webhookHeaders(event, body, 's3cret');
    expect(headers[SIGNATURE_HEADER]).toBe(expected);
    expect(headers[EVENT_ID_HEADER]).toBe('evt-1');
  });

  it.each([
    { name: 'right secret', secret: 's3cret', mutate: (b: string) => b, ok: true },
    { name: 'wrong secret', secret: 'other', mutate: (b: string) => b, ok: false },
    { name: 'body changed', secret: 's3cret', mutate: (b: string) => b.replace('canary', 'prod'), ok: false },
  ])('verifySignature: $name', ({ secret, mutate, ok }) => {
    const body = webhookBody(event);
    const header = signBody('s3cret', body);
    expect(verifySignature(secret, mutate(body), header)).toBe(ok);
  });

  it('sends no signature without a secret', () => {
    expect(webhookHeaders(event, '{}', null)[SIGNATURE_HEADER]).toBeUndefined();
  });
});
