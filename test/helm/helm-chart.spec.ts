import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { renderChart } from './go-template.subset.js';

// `helm` is not installable here (no Debian or npm package): the chart is rendered with the documented template
// subset in go-template.subset.ts, then every manifest is parsed as YAML and checked.
const CHART = fileURLToPath(new URL('../../deploy/helm/ringmaster/', import.meta.url));
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Record<
  string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  any
>;

const chart = parseYaml(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, string>;
const defaults = parseYaml(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const templates = Object.fromEntries(
  readdirSync(path.join(CHART, 'templates')).map((f) => [f, readFileSync(path.join(CHART, 'templates', f), 'utf8')]),
);

function merge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null)
    return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

/** Renders the chart like `helm template rm deploy/helm/ringmaster --set …` and parses every document. */
function render(values: Record<string, unknown> = {}): Manifest[] {
  const scope = {
    Values: merge(defaults, values),
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Release: { Name: 'rm', Namespace: 'ringmaster', Service: 'Helm' },
  };
  return Object.entries(renderChart(templates, scope)).flatMap(([file, text]) =>
    parseAllDocuments(text).flatMap((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}\n${text}`);
      const m = doc.toJS() as Manifest | null;
      return m ? [m] : [];
    }),
  );
}

const byKind = (ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind);
const one = (ms: Manifest[], kind: string): Manifest => {
  const found = byKind(ms, kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('the Helm chart', () => {
  it('is a v2 application chart whose manifests all carry apiVersion, kind, name and common labels', () => {
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'ringmaster', type: 'application' });
    const manifests = render();
    expect(manifests.map((m) => m.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service']);
    for (const m of manifests) {
      expect(m.apiVersion).toMatch(/^[a-z./]*v\d/);
      expect(m.metadata.name).toBe('rm-ringmaster');
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'ringmaster',
        'app.kubernetes.io/instance': 'rm',
      });
    }
  });

  it('runs two non-root replicas with probes on /healthz and /readyz and secrets only by reference', () => {
    const manifests = render();
    const dep = one(manifests, 'Deployment');
    expect(dep.spec.replicas).toBe(2);
    const pod = dep.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    const [c] = pod.containers;
    expect(c.image).toBe(`ghcr.io/example/ringmaster:${chart.appVersion}`);
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 4000, protocol: 'TCP' }]);
    const env = Object.fromEntries(c.env.map((e: { name: string; valueFrom: unknown }) => [e.name, e.valueFrom]));
    for (const name of ['DATABASE_URL', 'RINGMASTER_ADMIN_TOKEN', 'RINGMASTER_ENCRYPTION_KEY']) {
      expect(env[name]).toEqual({ secretKeyRef: { name: 'ringmaster', key: name } });
    }
    expect(JSON.stringify(manifests)).not.toMatch(/kind":"Secret"/);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'rm-ringmaster' } }]);
    expect(one(manifests, 'ConfigMap').data).toMatchObject({ HOST: '0.0.0.0', PORT: '4000', LOG_LEVEL: 'info' });
  });

  it('selects its own pods from the Deployment, the Service and the PodDisruptionBudget', () => {
    const manifests = render();
    const dep = one(manifests, 'Deployment');
    const podLabels = dep.spec.template.metadata.labels;
    const matches = (selector: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => podLabels[k] === v) && Object.keys(selector).length > 0;
    expect(matches(dep.spec.selector.matchLabels)).toBe(true);
    expect(matches(one(manifests, 'Service').spec.selector)).toBe(true);
    const pdb = one(manifests, 'PodDisruptionBudget');
    expect(matches(pdb.spec.selector.matchLabels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeLessThan(dep.spec.replicas);
  });

  it.each([
    [
      'a ServiceMonitor when enabled',
      { serviceMonitor: { enabled: true, labels: { release: 'kps' } } },
      'ServiceMonitor',
      1,
    ],
    ['no ServiceMonitor by default', {}, 'ServiceMonitor', 0],
    ['no PodDisruptionBudget when disabled', { podDisruptionBudget: { enabled: false } }, 'PodDisruptionBudget', 0],
  ])('renders %s', (_name, values, kind, count) => {
    expect(byKind(render(values), kind)).toHaveLength(count);
  });

  it('scrapes /metrics on the http port, with the labels Prometheus selects by', () => {
    const sm = one(render({ serviceMonitor: { enabled: true, labels: { release: 'kps' } } }), 'ServiceMonitor');
    expect(sm.metadata.labels?.release).toBe('kps');
    expect(sm.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
  });

  it('applies overrides: tag, replicas, optional secret keys, scheduling', () => {
    const dep = one(
      render({
        replicaCount: 3,
        image: { tag: '2026.47.1' },
        secrets: { adminTokenKey: '' },
        nodeSelector: { pool: 'system' },
        imagePullSecrets: [{ name: 'regcred' }],
      }),
      'Deployment',
    );
    expect(dep.spec.replicas).toBe(3);
    const pod = dep.spec.template.spec;
    expect(pod.containers[0].image).toBe('ghcr.io/example/ringmaster:2026.47.1');
    expect(pod.containers[0].env.map((e: { name: string }) => e.name)).not.toContain('RINGMASTER_ADMIN_TOKEN');
    expect(pod.nodeSelector).toEqual({ pool: 'system' });
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  it.each([
    ['a value missing from values.yaml', { 'x.yaml': 'a: {{ .Values.nope }}' }, /\.Values\.nope: no such value/],
    ['an unsupported action', { 'x.yaml': '{{ range .Values.tolerations }}{{ end }}' }, /supported subset/],
    ['an unsupported function', { 'x.yaml': 'a: {{ upper .Chart.Name }}' }, /function upper/],
    ['an if without end', { 'x.yaml': '{{ if .Values.replicaCount }}a' }, /missing \{\{ end \}\}/],
  ])('the subset renderer refuses %s instead of guessing', (_name, extra, error) => {
    const scope = { Values: defaults, Chart: { Name: 'ringmaster' }, Release: { Name: 'rm' } };
    expect(() => renderChart(extra, scope)).toThrow(error);
  });
});
