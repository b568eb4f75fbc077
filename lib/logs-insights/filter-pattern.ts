/**
 * CloudWatch Logs filter patterns (FilterLogEvents, metric and subscription
 * filters): terms and quoted phrases (`ERROR`, `?WARN ?ERROR`, `-DEBUG`,
 * `"Connection refused"`), `%regex%`, JSON patterns
 * (`{ $.log != "[*" && ($.level = "error" || $.latency > 500) }`) and
 * space-delimited patterns (`[ip, user, ..., status = 4*, bytes]`).
 */

import { escapeRegex, linearRegex, RegexRefused } from './regex';

export class FilterPatternError extends Error {
  readonly name = 'FilterPatternError';
  constructor(
    message: string,
    /** Offset in the pattern where the problem is. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** What a matching event exposes to metric values: `$.path` for JSON, `$name` for space-delimited fields. */
export type FilterBindings = { kind: 'json'; value: unknown } | { kind: 'fields'; value: Record<string, string> } | { kind: 'none' };

export interface FilterPattern {
  readonly text: string;
  readonly kind: 'all' | 'terms' | 'regex' | 'json' | 'delimited';
  /** Null when the event does not match; its bindings when it does. */
  match(message: string): FilterBindings | null;
}

/** A string or number condition value: `*` wildcards and `%regex%` for strings. */
type Operand = { type: 'number'; value: number } | { type: 'string'; value: string; test: (s: string) => boolean };

function wildcard(text: string): (s: string) => boolean {
  if (!text.includes('*')) return (s) => s === text;
  const re = linearRegex(`^${text.split('*').map(escapeRegex).join('.*')}$`, 's');
  return (s) => re.test(s);
}

/** `%regex%` at `at` (the opening %): matched in linear time, refused at the part at fault (regex.ts). */
function regexOperand(source: string, at: number): (s: string) => boolean {
  try {
    const re = linearRegex(source);
    return (s) => re.test(s);
  } catch (e) {
    if (!(e instanceof RegexRefused)) throw e;
    throw new FilterPatternError(`Invalid regular expression %${source}%: ${e.message}`, at + 1 + e.offset);
  }
}

/** A small scanner shared by the JSON and space-delimited grammars. */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  eat(text: string): boolean {
    this.ws();
    if (this.s.startsWith(text, this.i)) {
      this.i += text.length;
      return true;
    }
    return false;
  }

  peekWord(word: string): boolean {
    this.ws();
    const rest = this.s.slice(this.i, this.i + word.length);
    const after = this.s[this.i + word.length] ?? ' ';
    return rest.toUpperCase() === word && !/[A-Za-z0-9_]/.test(after);
  }

  fail(what: string): never {
    this.ws();
    const found = this.i >= this.s.length ? 'end of pattern' : `'${this.s.slice(this.i, this.i + 12)}'`;
    throw new FilterPatternError(`Invalid filter pattern: expected ${what} at position ${this.i + 1} but found ${found}`, this.i);
  }

  quoted(): string {
    const start = this.i;
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      out += this.s[this.i++];
    }
    if (this.i >= this.s.length) throw new FilterPatternError('Invalid filter pattern: unterminated quoted string', start);
    this.i++;
    return out;
  }

  /** A condition value: "quoted", %regex%, a number, or a bare word (with * wildcards). */
  operand(): Operand {
    this.ws();
    const start = this.i;
    const c = this.s[this.i];
    if (c === '"') {
      const text = this.quoted();
      return { type: 'string', value: text, test: wildcard(text) };
    }
    if (c === '%') {
      const end = this.s.indexOf('%', this.i + 1);
      if (end < 0) throw new FilterPatternError('Invalid filter pattern: unterminated %regex%', start);
      const source = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return { type: 'string', value: source, test: regexOperand(source, start) };
    }
    const m = /^[^\s&|(){}[\],=!<>"]+/.exec(this.s.slice(this.i));
    if (!m) this.fail('a value');
    this.i += m[0].length;
    const word = m[0];
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(word)) return { type: 'number', value: Number(word) };
    return { type: 'string', value: word, test: wildcard(word) };
  }

  operator(): string | null {
    this.ws();
    for (const op of ['!=', '<=', '>=', '=', '<', '>']) if (this.eat(op)) return op;
    return null;
  }
}

function compareNumber(op: string, a: number, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** Compares a field's value (string, number, boolean) with a condition operand. */
function compare(op: string, value: unknown, operand: Operand): boolean {
  if (value === undefined || value === null || typeof value === 'object') return false;
  if (operand.type === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return !Number.isNaN(n) && compareNumber(op, n, operand.value);
  }
  if (op !== '=' && op !== '!=') return false;
  const matched = operand.test(String(value));
  return op === '=' ? matched : !matched;
}

// ---------------------------------------------------------------- JSON

type JsonNode =
  | { type: 'and' | 'or'; left: JsonNode; right: JsonNode }
  | { type: 'compare'; path: (string | number)[]; op: string; operand: Operand }
  | { type: 'null' | 'notExists' | 'true' | 'false'; path: (string | number)[] };

function selector(sc: Scanner): (string | number)[] {
  sc.ws();
  if (!sc.eat('$')) sc.fail(`a selector such as $.field`);
  const path: (string | number)[] = [];
  for (;;) {
    if (sc.s[sc.i] === '.') {
      sc.i++;
      const m = /^[A-Za-z0-9_@\-:$]+/.exec(sc.s.slice(sc.i));
      if (!m) sc.fail('a property name after "."');
      path.push(m[0]);
      sc.i += m[0].length;
    } else if (sc.s[sc.i] === '[') {
      const m = /^\[(\d+)\]/.exec(sc.s.slice(sc.i));
      if (!m) sc.fail('an array index such as [0]');
      path.push(Number(m[1]));
      sc.i += m[0].length;
    } else break;
  }
  if (path.length === 0) sc.fail('a property after $');
  return path;
}

function jsonOr(sc: Scanner): JsonNode {
  let left = jsonAnd(sc);
  while (sc.eat('||')) left = { type: 'or', left, right: jsonAnd(sc) };
  return left;
}

function jsonAnd(sc: Scanner): JsonNode {
  let left = jsonTerm(sc);
  while (sc.eat('&&')) left = { type: 'and', left, right: jsonTerm(sc) };
  return left;
}

function jsonTerm(sc: Scanner): JsonNode {
  if (sc.eat('(')) {
    const inner = jsonOr(sc);
    if (!sc.eat(')')) sc.fail(`')'`);
    return inner;
  }
  const path = selector(sc);
  if (sc.peekWord('IS')) {
    sc.i += 2;
    for (const [word, type] of [
      ['NULL', 'null'],
      ['TRUE', 'true'],
      ['FALSE', 'false'],
    ] as const) {
      if (sc.peekWord(word)) {
        sc.i += word.length;
        return { type, path };
      }
    }
    sc.fail('NULL, TRUE or FALSE after IS');
  }
  if (sc.peekWord('NOT')) {
    sc.i += 3;
    if (!sc.peekWord('EXISTS')) sc.fail('EXISTS after NOT');
    sc.i += 6;
    return { type: 'notExists', path };
  }
  const op = sc.operator();
  if (!op) sc.fail('an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS)');
  const operand = sc.operand();
  if (operand.type === 'string' && op !== '=' && op !== '!=') {
    throw new FilterPatternError(`Invalid filter pattern: ${op} compares numbers, but '${operand.value}' is not a number`, sc.i);
  }
  return { type: 'compare', path, op, operand };
}

function lookup(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    if (typeof key === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[key];
    } else {
      if (Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
  }
  return v;
}

function evalJson(node: JsonNode, root: unknown): boolean {
  switch (node.type) {
    case 'and':
      return evalJson(node.left, root) && evalJson(node.right, root);
    case 'or':
      return evalJson(node.left, root) || evalJson(node.right, root);
    case 'null':
      return lookup(root, node.path) === null;
    case 'notExists':
      return lookup(root, node.path) === undefined;
    case 'true':
      return lookup(root, node.path) === true;
    case 'false':
      return lookup(root, node.path) === false;
    case 'compare':
      return compare(node.op, lookup(root, node.path), node.operand);
  }
}

function parseJsonPattern(text: string): FilterPattern {
  const sc: Scanner = new Scanner(text);
  sc.eat('{');
  const root = jsonOr(sc);
  if (!sc.eat('}')) sc.fail(`'&&', '||' or '}'`);
  sc.ws();
  if (sc.i < text.length) sc.fail('end of pattern after }');
  return {
    text,
    kind: 'json',
    match(message) {
      const start = message.search(/\S/);
      if (start < 0 || message[start] !== '{') return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        return null;
      }
      return evalJson(root, parsed) ? { kind: 'json', value: parsed } : null;
    },
  };
}

// ---------------------------------------------------------------- space-delimited

type FieldNode = { type: 'and' | 'or'; left: FieldNode; right: FieldNode } | { type: 'compare'; field: string; op: string; operand: Operand };

interface DelimitedField {
  name: string | null;
  condition: FieldNode | null;
}

/** Splits a message into fields on spaces; "quoted" and [bracketed] text is one field. */
export function splitDelimited(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  const s = message;
  while (i < s.length) {
    while (i < s.length && s[i] === ' ') i++;
    if (i >= s.length) break;
    const c = s[i];
    if (c === '"' || c === '[') {
      const close = c === '"' ? '"' : ']';
      const end = s.indexOf(close, i + 1);
      if (end >= 0) {
        out.push(s.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let j = i;
    while (j < s.length && s[j] !== ' ') j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function fieldOr(sc: Scanner, names: Set<string>): FieldNode {
  let left = fieldAnd(sc, names);
  while (sc.eat('||')) left = { type: 'or', left, right: fieldAnd(sc, names) };
  return left;
}

function fieldAnd(sc: Scanner, names: Set<string>): FieldNode {
  let left = fieldCompare(sc, names);
  while (sc.eat('&&')) left = { type: 'and', left, right: fieldCompare(sc, names) };
  return left;
}

function fieldCompare(sc: Scanner, names: Set<string>): FieldNode {
  if (sc.eat('(')) {
    const inner = fieldOr(sc, names);
    if (!sc.eat(')')) sc.fail(`')'`);
    return inner;
  }
  sc.ws();
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sc.s.slice(sc.i));
  if (!m) sc.fail('a field name');
  sc.i += m[0].length;
  const op = sc.operator();
  if (!op) sc.fail(`an operator after '${m[0]}'`);
  names.add(m[0]);
  return { type: 'compare', field: m[0], op, operand: sc.operand() };
}

function evalFields(node: FieldNode, fields: Record<string, string>): boolean {
  switch (node.type) {
    case 'and':
      return evalFields(node.left, fields) && evalFields(node.right, fields);
    case 'or':
      return evalFields(node.left, fields) || evalFields(node.right, fields);
    case 'compare':
      return compare(node.op, fields[node.field], node.operand);
  }
}

function parseDelimitedPattern(text: string): FilterPattern {
  const sc: Scanner = new Scanner(text);
  sc.eat('[');
  const fields: DelimitedField[] = [];
  let ellipsis = -1;
  sc.ws();
  if (!sc.eat(']')) {
    do {
      sc.ws();
      if (sc.eat('...')) {
        if (ellipsis >= 0) sc.fail(`a field name: '...' may appear only once`);
        ellipsis = fields.length;
        fields.push({ name: null, condition: null });
        continue;
      }
      const start = sc.i;
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sc.s.slice(sc.i));
      if (!m) sc.fail(`a field name or '...'`);
      sc.ws();
      const names = new Set<string>();
      sc.i = start;
      const ahead = /^[A-Za-z_][A-Za-z0-9_]*\s*(!=|<=|>=|=|<|>)/.test(sc.s.slice(sc.i));
      if (ahead) {
        const condition = fieldOr(sc, names);
        fields.push({ name: m[0], condition });
      } else {
        sc.i += m[0].length;
        fields.push({ name: m[0], condition: null });
      }
    } while (sc.eat(','));
    if (!sc.eat(']')) sc.fail(`',' or ']'`);
  }
  sc.ws();
  if (sc.i < text.length) sc.fail('end of pattern after ]');
  const before = ellipsis < 0 ? fields : fields.slice(0, ellipsis);
  const after = ellipsis < 0 ? [] : fields.slice(ellipsis + 1);
  return {
    text,
    kind: 'delimited',
    match(message) {
      const parts = splitDelimited(message);
      if (ellipsis < 0 ? parts.length !== fields.length : parts.length < before.length + after.length) return null;
      const bound: Record<string, string> = {};
      before.forEach((f, i) => {
        if (f.name) bound[f.name] = parts[i];
      });
      after.forEach((f, i) => {
        if (f.name) bound[f.name] = parts[parts.length - after.length + i];
      });
      for (const f of fields) if (f.condition && !evalFields(f.condition, bound)) return null;
      return { kind: 'fields', value: bound };
    },
  };
}

// ---------------------------------------------------------------- terms

interface Term {
  text: string;
  optional: boolean;
  exclude: boolean;
  test: (message: string) => boolean;
}

function parseTerms(text: string): FilterPattern {
  const terms: Term[] = [];
  const sc: Scanner = new Scanner(text);
  for (sc.ws(); sc.i < text.length; sc.ws()) {
    let optional = false;
    let exclude = false;
    if (text[sc.i] === '?') {
      optional = true;
      sc.i++;
    } else if (text[sc.i] === '-') {
      exclude = true;
      sc.i++;
    }
    const start = sc.i;
    let test: (message: string) => boolean;
    let term: string;
    if (text[sc.i] === '"') {
      term = sc.quoted();
      const t = term;
      test = (m) => m.includes(t);
    } else if (text[sc.i] === '%') {
      const end = text.indexOf('%', sc.i + 1);
      if (end < 0) throw new FilterPatternError('Invalid filter pattern: unterminated %regex%', start);
      term = text.slice(sc.i + 1, end);
      test = regexOperand(term, start);
      sc.i = end + 1;
    } else {
      let j = sc.i;
      while (j < text.length && !/\s/.test(text[j])) j++;
      term = text.slice(sc.i, j);
      if (!/^[A-Za-z0-9_.:/@#*-]+$/.test(term)) {
        throw new FilterPatternError(`Invalid filter pattern: '${term}' needs double quotes (terms with characters other than letters, digits and underscores are quoted)`, start);
      }
      sc.i = j;
      const t = term.replace(/\*+$/, '');
      test = (m) => m.includes(t);
    }
    if (term === '' && !optional) throw new FilterPatternError('Invalid filter pattern: empty term', start);
    terms.push({ text: term, optional, exclude, test });
  }
  const required = terms.filter((t) => !t.optional && !t.exclude);
  const optional = terms.filter((t) => t.optional);
  const excluded = terms.filter((t) => t.exclude);
  return {
    text,
    kind: terms.length === 1 && text.trim().startsWith('%') ? 'regex' : 'terms',
    match(message) {
      for (const t of required) if (!t.test(message)) return null;
      for (const t of excluded) if (t.test(message)) return null;
      if (optional.length > 0 && !optional.some((t) => t.test(message))) return null;
      return { kind: 'none' };
    },
  };
}

/** Compiles a filter pattern; throws FilterPatternError with the position of the problem. */
export function parseFilterPattern(text: string): FilterPattern {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '""') return { text, kind: 'all', match: () => ({ kind: 'none' }) };
  if (trimmed.startsWith('{')) {
    if (!trimmed.endsWith('}')) throw new FilterPatternError(`Invalid filter pattern: a JSON pattern ends with '}'`, text.length);
    return parseJsonPattern(trimmed);
  }
  if (trimmed.startsWith('[')) return parseDelimitedPattern(trimmed);
  return parseTerms(text);
}

/** A metric filter's value for a matching event: a number, `$.path` (JSON) or `$field` (space-delimited). */
export function metricValue(expression: string, bindings: FilterBindings): number | null {
  const e = expression.trim();
  if (!e.startsWith('$')) {
    const n = Number(e);
    return e !== '' && Number.isFinite(n) ? n : null;
  }
  let v: unknown;
  if (e.startsWith('$.') && bindings.kind === 'json') {
    const sc: Scanner = new Scanner(e);
    try {
      v = lookup(bindings.value, selector(sc));
    } catch {
      return null;
    }
  } else if (bindings.kind === 'fields') v = bindings.value[e.slice(1)];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A dimension's value for a matching event, as text. */
export function bindingText(expression: string, bindings: FilterBindings): string | null {
  const e = expression.trim();
  let v: unknown;
  if (e.startsWith('$.') && bindings.kind === 'json') {
    try {
      v = lookup(bindings.value, selector(new Scanner(e)));
    } catch {
      return null;
    }
  } else if (e.startsWith('$') && bindings.kind === 'fields') v = bindings.value[e.slice(1)];
  else return e.startsWith('$') ? null : e;
  return v === undefined || v === null || typeof v === 'object' ? null : String(v);
}
