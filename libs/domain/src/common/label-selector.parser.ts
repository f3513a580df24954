import { badUserInput } from './domain.errors.js';

/** Operators of Kubernetes label selectors. */
export type SelectorOperator = 'Equals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement of a selector; a selector matches when all of its requirements do. */
export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  /** one value for Equals/NotEquals, one or more for In/NotIn, none for Exists/DoesNotExist */
  values: readonly string[];
}

/** A parsed label selector. No requirements (the empty selector) matches everything. */
export interface LabelSelector {
  text: string;
  requirements: readonly SelectorRequirement[];
}

const MAX_NAME_LENGTH = 63;
const MAX_PREFIX_LENGTH = 253;
const NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

type TokenKind = 'name' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | 'in' | 'notin' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based column where the token starts */
  at: number;
}

const SPECIAL = new Set(['!', '=', '(', ')', ',']);

function tokenize(text: string, fail: (at: number, why: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' || c === '!') {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: two, text: two, at: i + 1 });
        i += 2;
      } else {
        tokens.push({ kind: c, text: c, at: i + 1 });
        i++;
      }
    } else if (SPECIAL.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, at: i + 1 });
      i++;
    } else if (c === '<' || c === '>') {
      fail(i + 1, `"${c}" is not supported; use =, !=, in, notin or exists`);
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]) && !SPECIAL.has(text[i]) && text[i] !== '<' && text[i] !== '>') i++;
      const word = text.slice(start, i);
      const kind: TokenKind = word === 'in' || word === 'notin' ? word : 'name';
      tokens.push({ kind, text: word, at: start + 1 });
    }
  }
  tokens.push({ kind: 'end', text: '', at: text.length + 1 });
  return tokens;
}

function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > MAX_PREFIX_LENGTH || !DNS_SUBDOMAIN.test(prefix))) {
    return `the key prefix "${prefix}" must be a DNS subdomain`;
  }
  if (name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    return `the key "${key}" must be up to ${MAX_NAME_LENGTH} letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

function valueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > MAX_NAME_LENGTH || !NAME.test(value)) {
    return `the value "${value}" must be up to ${MAX_NAME_LENGTH} letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * Parses a Kubernetes label selector: comma-separated requirements, all of which must hold —
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a` (exists), `!a` (does not exist). `""` matches all.
 * Throws BAD_USER_INPUT naming `field`, with the 1-based column where the selector goes wrong.
 */
export function parseLabelSelector(text: string, field = 'selector'): LabelSelector {
  const fail = (at: number, why: string): never => {
    throw badUserInput(field, `"${text}" is wrong at column ${at}: ${why}`);
  };
  const tokens = tokenize(text, fail);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const describe = (t: Token) => (t.kind === 'end' ? 'the end' : `"${t.text}"`);

  const expectValue = (after: string): string => {
    const t = peek();
    // an empty value is legal after = and != (`a=` matches a label a with an empty value)
    if (t.kind === ',' || t.kind === 'end' || t.kind === ')') return '';
    if (t.kind !== 'name') fail(t.at, `expected a value after ${after}, found ${describe(t)}`);
    next();
    const problem = valueProblem(t.text);
    if (problem) fail(t.at, problem);
    return t.text;
  };

  const parseSet = (operator: string): string[] => {
    const open = next();
    if (open.kind !== '(') fail(open.at, `expected "(" after ${operator}, found ${describe(open)}`);
    const values: string[] = [];
    for (;;) {
      const t = next();
      if (t.kind !== 'name') fail(t.at, `expected a value in the set of ${operator}, found ${describe(t)}`);
      const problem = valueProblem(t.text);
      if (problem) fail(t.at, problem);
      values.push(t.text);
      const sep = next();
      if (sep.kind === ')') return values;
      if (sep.kind !== ',') fail(sep.at, `expected "," or ")" in the set of ${operator}, found ${describe(sep)}`);
    }
  };

  const requirements: SelectorRequirement[] = [];
  if (peek().kind === 'end') return { text, requirements };
  for (;;) {
    const first = next();
    if (first.kind === '!') {
      const key = next();
      if (key.kind !== 'name') fail(key.at, `expected a label key after "!", found ${describe(key)}`);
      const problem = keyProblem(key.text);
      if (problem) fail(key.at, problem);
      requirements.push({ key: key.text, operator: 'DoesNotExist', values: [] });
    } else {
      if (first.kind !== 'name') fail(first.at, `expected a label key, found ${describe(first)}`);
      const problem = keyProblem(first.text);
      if (problem) fail(first.at, problem);
      const op = peek();
      if (op.kind === '=' || op.kind === '==') {
        next();
        requirements.push({ key: first.text, operator: 'Equals', values: [expectValue(`"${op.text}"`)] });
      } else if (op.kind === '!=') {
        next();
        requirements.push({ key: first.text, operator: 'NotEquals', values: [expectValue('"!="')] });
      } else if (op.kind === 'in' || op.kind === 'notin') {
        next();
        requirements.push({ key: first.text, operator: op.kind === 'in' ? 'In' : 'NotIn', values: parseSet(op.kind) });
      } else if (op.kind === ',' || op.kind === 'end') {
        requirements.push({ key: first.text, operator: 'Exists', values: [] });
      } else {
        fail(op.at, `expected =, ==, !=, in, notin, "," or the end after "${first.text}", found ${describe(op)}`);
      }
    }
    const sep = next();
    if (sep.kind === 'end') return { text, requirements };
    if (sep.kind !== ',') fail(sep.at, `expected "," between requirements, found ${describe(sep)}`);
  }
}
