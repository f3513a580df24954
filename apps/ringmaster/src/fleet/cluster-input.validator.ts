import { KubeconfigError, loadKubeconfig, type ClusterCredentials } from '@ringmaster/clusters';
import type { InputIssue } from '@ringmaster/domain';
import type { LabelInput } from '../graphql/label.types.js';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
// Kubernetes label key (optional DNS prefix) and value
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** labels Ringmaster sets itself on every environment: a cluster may not redefine them */
const RESERVED_LABELS = new Set(['cluster', 'region']);

/** Checks a cluster name (a DNS label: environments are matched by `cluster=<name>`). */
export function checkClusterName(name: string, issues: InputIssue[]): void {
  if (!DNS_LABEL.test(name)) {
    issues.push({ field: 'name', message: 'must be a DNS label: lowercase letters, digits and dashes, at most 63' });
  }
}

/** Checks the region (a label value) and the extra labels; returns the labels as a record, region included. */
export function checkLabels(region: string, labels: readonly LabelInput[], issues: InputIssue[]) {
  if (region === '' || !LABEL_VALUE.test(region)) {
    issues.push({ field: 'region', message: 'must be a non-empty label value (letters, digits, - _ .)' });
  }
  const record: Record<string, string> = {};
  labels.forEach((label, i) => {
    if (!LABEL_KEY.test(label.key)) issues.push({ field: `labels[${i}].key`, message: 'is not a label key' });
    else if (RESERVED_LABELS.has(label.key)) {
      issues.push({ field: `labels[${i}].key`, message: `"${label.key}" is set by Ringmaster` });
    } else if (label.key in record) issues.push({ field: `labels[${i}].key`, message: 'is given twice' });
    if (!LABEL_VALUE.test(label.value)) issues.push({ field: `labels[${i}].value`, message: 'is not a label value' });
    record[label.key] = label.value;
  });
  return { ...record, region };
}

/** Checks a Prometheus base URL: http(s), no credentials in it. */
export function checkPrometheusUrl(url: string | null | undefined, issues: InputIssue[]): void {
  if (url === null || url === undefined) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    issues.push({ field: 'prometheusUrl', message: 'must be an http:// or https:// URL' });
  } else if (parsed.username || parsed.password) {
    issues.push({ field: 'prometheusUrl', message: 'must not carry credentials' });
  }
}

/**
 * Checks credentials: exactly one of an inline kubeconfig or a path, loadable, with the context it names.
 * Returns them when usable.
 */
export function checkCredentials(
  input: { kubeconfig?: string | null; kubeconfigPath?: string | null; context?: string | null },
  issues: InputIssue[],
): ClusterCredentials | undefined {
  const inline = input.kubeconfig ?? undefined;
  const path = input.kubeconfigPath ?? undefined;
  if ((inline === undefined) === (path === undefined)) {
    issues.push({ field: 'kubeconfig', message: 'give exactly one of kubeconfig (inline YAML) or kubeconfigPath' });
    return undefined;
  }
  const context = input.context ?? undefined;
  const credentials: ClusterCredentials =
    inline !== undefined ? { kind: 'inline', kubeconfig: inline, context } : { kind: 'path', path: path!, context };
  try {
    loadKubeconfig(credentials);
    return credentials;
  } catch (error) {
    if (!(error instanceof KubeconfigError)) throw error;
    const field =
      error.code === 'CONTEXT_NOT_FOUND' ? 'context' : inline !== undefined ? 'kubeconfig' : 'kubeconfigPath';
    issues.push({ field, message: error.message });
    return undefined;
  }
}
