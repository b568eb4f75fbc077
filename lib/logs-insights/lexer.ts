import { QueryCompileError } from './errors';

export type TokenKind = 'command' | 'keyword' | 'function' | 'field' | 'string' | 'regex' | 'number' | 'period' | 'operator' | 'punctuation' | 'pipe' | 'comment';

export interface Token {
  kind: TokenKind;
  /** The source text of the token, quotes and slashes included. */
  text: string;
  /** For string, regex and backquoted field tokens: the content with escapes resolved. */
  value: string;
  start: number;
  end: number;
}

export const COMMANDS = ['fields', 'display', 'filter', 'stats', 'sort', 'limit', 'parse', 'dedup', 'unnest', 'unmask'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const KEYWORDS = ['and', 'or', 'not', 'like', 'in', 'as', 'by', 'asc', 'desc', 'into'] as const;

const COMMAND_SET = new Set<string>(COMMANDS);
const KEYWORD_SET = new Set<string>(KEYWORDS);

/** Time units `bin()` and the datetime functions accept, in milliseconds (0 = calendar unit). */
export const PERIOD_UNITS: Record<string, { ms: number; calendar?: 'month' | 'quarter' | 'year' }> = {};
function unit(names: string[], ms: number, calendar?: 'month' | 'quarter' | 'year') {
  for (const n of names) {
    PERIOD_UNITS[n] = { ms, calendar };
    // Every unit name longer than one character also takes a plural s.
    if (n.length > 1) PERIOD_UNITS[`${n}s`] = { ms, calendar };
  }
}
unit(['millisecond', 'ms', 'msec'], 1);
unit(['second', 's', 'sec'], 1000);
unit(['minute', 'm', 'min'], 60_000);
unit(['hour', 'h', 'hr'], 3_600_000);
unit(['day', 'd'], 86_400_000);
unit(['week', 'w'], 7 * 86_400_000);
unit(['month', 'mo', 'mon'], 0, 'month');
unit(['quarter', 'q', 'qtr'], 0, 'quarter');
unit(['year', 'y', 'yr'], 0, 'year');

const OPERATORS = ['=~', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '^'];
const OPERAND_KINDS = new Set<TokenKind>(['field', 'string', 'regex', 'number', 'period']);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_@$]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_.@$]/.test(c);
}

/**
 * Splits a query into tokens (comments included, whitespace left out). Throws
 * QueryCompileError for text that cannot be a token: an unterminated string,
 * regex or backquoted name, an unknown time unit, a stray character.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let atCommand = true;
  const significant = () => {
    for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k].kind !== 'comment') return tokens[k];
    return undefined;
  };
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)) => {
    tokens.push({ kind, text: text.slice(start, end), value, start, end });
    if (kind !== 'comment') atCommand = kind === 'pipe';
  };
  const regexAllowed = () => {
    const prev = significant();
    if (!prev) return true;
    if (prev.kind === 'punctuation') return prev.text !== ')' && prev.text !== ']';
    if (!OPERAND_KINDS.has(prev.kind)) return true;
    // `parse @message /(?<name>...)/`: the pattern follows the source field.
    const before = tokens.filter((t) => t.kind !== 'comment');
    const p2 = before[before.length - 2];
    return prev.kind === 'field' && p2 !== undefined && p2.kind === 'command' && p2.text.toLowerCase() === 'parse';
  };

  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      push('comment', start, i);
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length || (c !== '`' && text[i] === '\n')) {
          if (c === '`') throw new QueryCompileError('unterminatedName', {}, start, i, text);
          throw new QueryCompileError('unterminatedString', { quote: c }, start, i, text);
        }
        const ch = text[i];
        if (ch === '\\' && c !== '`' && i + 1 < text.length) {
          const next = text[i + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
          continue;
        }
        i++;
        if (ch === c) break;
        value += ch;
      }
      if (c === '`') {
        if (value === '') throw new QueryCompileError('emptyName', {}, start, i, text);
        push('field', start, i, value);
      } else push('string', start, i, value);
      continue;
    }
    if (c === '/' && regexAllowed()) {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new QueryCompileError('unterminatedRegex', {}, start, i, text);
        const ch = text[i];
        if (ch === '\\' && i + 1 < text.length) {
          // `\/` is a slash inside the pattern; every other escape belongs to the regex.
          value += text[i + 1] === '/' ? '/' : ch + text[i + 1];
          i += 2;
          continue;
        }
        i++;
        if (ch === '/') break;
        value += ch;
      }
      push('regex', start, i, value);
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i])) i++;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i])) i++;
      }
      if (i < text.length && /[A-Za-z]/.test(text[i])) {
        const unitStart = i;
        while (i < text.length && /[A-Za-z]/.test(text[i])) i++;
        const name = text.slice(unitStart, i);
        if (!(name in PERIOD_UNITS)) {
          throw new QueryCompileError('unknownUnit', { unit: name }, start, i, text);
        }
        push('period', start, i);
        continue;
      }
      push('number', start, i);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i])) i++;
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (atCommand && COMMAND_SET.has(lower)) push('command', start, i);
      else if (KEYWORD_SET.has(lower)) push('keyword', start, i);
      else if (text[j] === '(' && !word.startsWith('@')) push('function', start, i);
      else push('field', start, i);
      continue;
    }
    if (c === '|') {
      i++;
      push('pipe', start, i);
      continue;
    }
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === ',') {
      i++;
      push('punctuation', start, i);
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      push('operator', start, i);
      continue;
    }
    throw new QueryCompileError('unexpectedCharacter', { character: c }, start, start + 1, text);
  }
  return tokens;
}
