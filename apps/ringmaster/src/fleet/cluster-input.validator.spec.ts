import { describe, expect, it } from '@jest/globals';
import type { InputIssue } from '@ringmaster/domain';
import { checkClusterName, checkCredentials, checkLabels, checkPrometheusUrl } from './cluster-input.validator.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: sim, cluster: { server: "http://127.0.0.1:1/clusters/x" } }]
users: [{ name: u, user: { token: abc } }]
contexts: [{ name: ctx, context: { cluster: sim, user: u } }]
current-context: ctx
`;

function issuesOf(check: (issues: InputIssue[]) => unknown): string[] {
  const issues: InputIssue[] = [];
  check(issues);
  return issues.map((i) => i.field);
}

describe('cluster input checks', () => {
  it.each([
    ['eu-west-1', []],
    ['a', []],
    ['EU', ['name']],
    ['-eu', ['name']],
    ['x'.repeat(64), ['name']],
  ])('name %s', (name, fields) => {
    expect(issuesOf((i) => checkClusterName(name, i))).toEqual(fields);
  });

  it.each([
    ['a region and a label', 'eu', [{ key: 'tier', value: 'prod' }], []],
    ['an empty region', '', [], ['region']],
    ['a reserved key', 'eu', [{ key: 'region', value: 'us' }], ['labels[0].key']],
    [
      'a duplicate key',
      'eu',
      [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ],
      ['labels[1].key'],
    ],
    ['a bad value', 'eu', [{ key: 'a', value: 'has space' }], ['labels[0].value']],
    ['a prefixed key', 'eu', [{ key: 'example.com/team', value: 'x' }], []],
  ])('labels: %s', (_name, region, labels, fields) => {
    expect(issuesOf((i) => checkLabels(region, labels, i))).toEqual(fields);
  });

  it('returns the labels with the region', () => {
    expect(checkLabels('eu', [{ key: 'tier', value: 'prod' }], [])).toEqual({ tier: 'prod', region: 'eu' });
  });

  it.each([
    ['http://prometheus:9090', []],
    ['https://p.example.com/prom', []],
    [null, []],
    ['ftp://p', ['prometheusUrl']],
    ['not a url', ['prometheusUrl']],
    ['https://user:pw@p', ['prometheusUrl']],
  ])('Prometheus URL %s', (url, fields) => {
    expect(issuesOf((i) => checkPrometheusUrl(url, i))).toEqual(fields);
  });

  it.each([
    ['an inline kubeconfig', { kubeconfig: KUBECONFIG }, []],
    ['its context by name', { kubeconfig: KUBECONFIG, context: 'ctx' }, []],
    ['a missing context', { kubeconfig: KUBECONFIG, context: 'nope' }, ['context']],
    ['not YAML of a kubeconfig', { kubeconfig: ': : :' }, ['kubeconfig']],
    ['neither', {}, ['kubeconfig']],
    ['both', { kubeconfig: KUBECONFIG, kubeconfigPath: '/x' }, ['kubeconfig']],
    ['an unreadable path', { kubeconfigPath: '/nonexistent/kubeconfig' }, ['kubeconfigPath']],
  ])('credentials: %s', (_name, input, fields) => {
    expect(issuesOf((i) => checkCredentials(input, i))).toEqual(fields);
  });
});
