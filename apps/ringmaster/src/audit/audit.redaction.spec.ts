import { describe, expect, it } from '@jest/globals';
import { REDACTED, redactArguments } from './audit.redaction.js';

describe('redactArguments', () => {
  it.each([
    [
      'an inline kubeconfig',
      { input: { name: 'c', kubeconfig: 'apiVersion: v1' } },
      { input: { name: 'c', kubeconfig: REDACTED } },
    ],
    ['a kubeconfig path is kept', { input: { kubeconfigPath: '/etc/k' } }, { input: { kubeconfigPath: '/etc/k' } }],
    [
      'a webhook secret',
      { input: { url: 'https://h', secret: 's3' } },
      { input: { url: 'https://h', secret: REDACTED } },
    ],
    ['a token at any depth', { a: [{ token: 't' }] }, { a: [{ token: REDACTED }] }],
    ['a null secret stays null', { secret: null }, { secret: null }],
    ['dates become ISO text', { at: new Date('2026-01-02T03:04:05Z') }, { at: '2026-01-02T03:04:05.000Z' }],
    ['plain values', { name: 'n', count: 3, on: true }, { name: 'n', count: 3, on: true }],
  ])('%s', (_name, input, expected) => {
    expect(redactArguments(input)).toEqual(expected);
  });
});
