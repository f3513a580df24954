/**
 * A deliberately small subset of Go's text/template, enough to render deploy/helm/ringmaster for tests where `helm`
 * itself is not available (no Debian or npm package of it on our build machines). Not a Helm replacement: anything
 * outside the subset throws, so a chart edit that needs more fails its test instead of rendering wrongly.
 *
 * Supported:
 * - `{{ .Values.a.b }}`, `.Release.*`, `.Chart.*` (a missing key throws: every value a template reads must be in
 *   values.yaml), string and number literals
 * - trim markers `{{-` and `-}}`
 * - `{{ if PIPELINE }} … {{ else }} … {{ end }}` with Go truthiness (false, 0, "", null, empty list or map are false)
 * - `{{ define "name" }} … {{ end }}` and `include "name" .`
 * - functions: `quote`, `default X`, `toYaml`, `nindent N`, `indent N`, in pipelines (`a | f b`: `b` then `a`)
 */
import { stringify } from 'yaml';

type Scope = Record<string, unknown>;
type Node = { text: string } | { action: string } | { if: string; then: Node[]; else: Node[] };

const ACTION = /{{(-?)\s*([\s\S]*?)\s*(-?)}}/g;

/** Renders every template of a chart: `templates` maps file names to text; `_*.tpl` files only define. */
export function renderChart(templates: Record<string, string>, scope: Scope): Record<string, string> {
  const defines = new Map<string, Node[]>();
  const parsed = Object.entries(templates).map(([name, text]) => [name, parse(text, defines)] as const);
  const out: Record<string, string> = {};
  for (const [name, nodes] of parsed) {
    if (!name.startsWith('_')) out[name] = evaluate(nodes, scope, defines);
  }
  return out;
}

function parse(text: string, defines: Map<string, Node[]>): Node[] {
  const tokens: Node[] = [];
  let last = 0;
  let trimNext = false;
  for (const m of text.matchAll(ACTION)) {
    let chunk = text.slice(last, m.index);
    if (trimNext) chunk = chunk.replace(/^\s+/, '');
    if (m[1] === '-') chunk = chunk.replace(/\s+$/, '');
    tokens.push({ text: chunk });
    tokens.push({ action: m[2] });
    trimNext = m[3] === '-';
    last = m.index + m[0].length;
  }
  tokens.push({ text: trimNext ? text.slice(last).replace(/^\s+/, '') : text.slice(last) });

  let i = 0;
  const block = (inside: boolean): { nodes: Node[]; end: 'end' | 'else' | 'eof' } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (!('action' in t)) {
        nodes.push(t);
        continue;
      }
      const a = t.action;
      if (a.startsWith('/*')) continue;
      if (a === 'end' || a === 'else') {
        if (!inside) throw new Error(`unexpected {{ ${a} }}`);
        return { nodes, end: a };
      }
      const define = /^define\s+"([^"]+)"$/.exec(a);
      if (define) {
        const body = block(true);
        if (body.end !== 'end') throw new Error(`define "${define[1]}" without end`);
        defines.set(define[1], body.nodes);
        continue;
      }
      if (a.startsWith('if ')) {
        const then = block(true);
        const otherwise = then.end === 'else' ? block(true) : { nodes: [], end: 'end' as const };
        if (otherwise.end !== 'end') throw new Error(`if ${a.slice(3)} without end`);
        nodes.push({ if: a.slice(3), then: then.nodes, else: otherwise.nodes });
        continue;
      }
      if (/^(range|with|template|block)\b/.test(a)) throw new Error(`outside the supported subset: {{ ${a} }}`);
      nodes.push(t);
    }
    if (inside) throw new Error('missing {{ end }}');
    return { nodes, end: 'eof' };
  };
  return block(false).nodes;
}

function evaluate(nodes: Node[], scope: Scope, defines: Map<string, Node[]>): string {
  return nodes
    .map((n) => {
      if ('text' in n) return n.text;
      if ('if' in n) return evaluate(truthy(pipeline(n.if, scope, defines)) ? n.then : n.else, scope, defines);
      const v = pipeline(n.action, scope, defines);
      return v === null || v === undefined ? '' : typeof v === 'object' ? stringify(v).trimEnd() : String(v);
    })
    .join('');
}

function pipeline(expr: string, scope: Scope, defines: Map<string, Node[]>): unknown {
  const stages = expr.split('|').map((s) => words(s.trim()));
  let value: unknown = undefined;
  stages.forEach((w, idx) => {
    const args = w.slice(1).map((a) => operand(a, scope));
    if (idx > 0) args.push(value);
    value = w.length === 1 && idx === 0 ? operand(w[0], scope) : call(w[0], args, scope, defines);
  });
  return value;
}

function call(fn: string, args: unknown[], scope: Scope, defines: Map<string, Node[]>): unknown {
  switch (fn) {
    case 'quote':
      return JSON.stringify(String(args[0] ?? ''));
    case 'default':
      return truthy(args[1]) ? args[1] : args[0];
    case 'toYaml':
      return args[0] === undefined ? '' : stringify(args[0]).trimEnd();
    case 'nindent':
    case 'indent': {
      const pad = ' '.repeat(Number(args[0]));
      const body = String(args[1])
        .split('\n')
        .map((l) => pad + l)
        .join('\n');
      return fn === 'nindent' ? `\n${body}` : body;
    }
    case 'include': {
      const body = defines.get(String(args[0]));
      if (!body) throw new Error(`include of undefined template "${String(args[0])}"`);
      return evaluate(body, args[1] as Scope, defines);
    }
    default:
      throw new Error(`outside the supported subset: function ${fn}`);
  }
}

function operand(word: string, scope: Scope): unknown {
  if (word === '.') return scope;
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  if (!word.startsWith('.')) throw new Error(`outside the supported subset: ${word}`);
  let v: unknown = scope;
  for (const key of word.slice(1).split('.')) {
    if (typeof v !== 'object' || v === null || !(key in v)) throw new Error(`${word}: no such value`);
    v = (v as Scope)[key];
  }
  return v;
}

function words(s: string): string[] {
  return s.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length > 0;
  return Boolean(v);
}
