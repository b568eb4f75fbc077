/**
 * User-supplied regular expressions (Logs Insights `like /re/`, `=~`, `parse /re/`
 * and parse globs, filter patterns' `%re%` and `*` wildcards), matched in time
 * linear in the text so no pattern can hold the process.
 *
 * The dialect is JavaScript's (non-Unicode mode) minus what only a backtracking
 * engine can run: backreferences and lookaround are refused when the query
 * compiles, as RE2 refuses them. AWS documents, for Logs Insights, character
 * classes, quantifiers, alternation, groups, anchors, named groups `(?<name>…)`
 * for parse and a `(?i)` flag (CWL_QuerySyntax, "filter" and "parse"); for
 * filter patterns a smaller subset, with no backreference or lookaround either
 * (regex-expressions.html, "Supported regular expressions (regex) syntax").
 *
 * Two engines run what is accepted, with the same results:
 * - V8's own engine, when V8's linear-time engine can also run the pattern (the
 *   `l` flag compiles it). The process runs with
 *   `--enable-experimental-regexp-engine-on-excessive-backtracks`, so an
 *   execution that backtracks more than BACKTRACKS_BEFORE_LINEAR times is
 *   finished by the linear engine: ordinary patterns keep V8's speed.
 * - RE2 (the re2js port) for the rest: counted repeats above 16 (`.{21}`),
 *   case-insensitive patterns with non-ASCII letters, and wherever V8's flags
 *   cannot be set (a browser, which only validates).
 */
import { RE2JS } from 're2js';

/** Backtracks V8 allows one execution before the linear engine takes it over (V8's default is 50,000). */
export const BACKTRACKS_BEFORE_LINEAR = 10_000;

type NodeV8 = { setFlagsFromString(flags: string): void };
const nodeV8 = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:v8') as NodeV8 | undefined;
// One place sets the flags for the whole process (the console's server and the sandbox alike), before any pattern compiles.
nodeV8?.setFlagsFromString('--enable-experimental-regexp-engine');
nodeV8?.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
nodeV8?.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_LINEAR}`);

/**
 * A pattern this module will not run, with the offset (in the pattern) and length of the part at fault:
 * a backreference or lookaround no linear-time engine runs (`part` names it), or one the engine itself refuses.
 */
export class RegexRefused extends Error {
  readonly name = 'RegexRefused';
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
    readonly reason: 'backreference' | 'lookaround' | 'invalid' = 'invalid',
    readonly part = '',
  ) {
    super(message);
  }
}

export interface RegexMatch {
  readonly [group: number]: string | undefined;
  readonly length: number;
  readonly index: number;
  readonly groups?: Record<string, string | undefined>;
}

export interface LinearRegex {
  /** The pattern in JavaScript syntax, inline flags taken out. */
  readonly source: string;
  readonly flags: string;
  /** `v8` when V8 runs it with its linear fallback, `re2` when RE2 does. */
  readonly engine: 'v8' | 're2';
  test(text: string): boolean;
  exec(text: string): RegexMatch | null;
}

const LOOKAROUND = /^\(\?(?:=|!|<=|<!)/;

/**
 * Refuses backreferences and lookaround, which no linear-time engine runs, and
 * says where they are. Everything else is left to the JavaScript parser.
 */
function refuseBacktrackingOnly(source: string): void {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) {
        const digits = /^[0-9]+/.exec(source.slice(i + 1))![0];
        throw new RegexRefused(`backreferences such as \\${digits} are not supported: they cannot be matched in linear time`, i, 1 + digits.length, 'backreference', `\\${digits}`);
      }
      if (!inClass && next === 'k' && source[i + 2] === '<') {
        const end = source.indexOf('>', i);
        throw new RegexRefused('backreferences such as \\k<name> are not supported: they cannot be matched in linear time', i, (end < 0 ? source.length : end + 1) - i, 'backreference', '\\k<name>');
      }
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      // `[]]` is not a thing in JavaScript, but `[^]` and `[]` are: the next ']' closes.
    } else if (c === '(') {
      const m = LOOKAROUND.exec(source.slice(i, i + 4));
      if (m) throw new RegexRefused(`lookaround (${m[0]}…) is not supported: it cannot be matched in linear time`, i, m[0].length, 'lookaround', m[0]);
    }
  }
}

const KNOWN_ESCAPES = new Set('dDwWsSbBfnrtv0'.split(''));
const isAsciiLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const hasCase = (c: string) => c.toLowerCase() !== c.toUpperCase();

/** Both cases of the ASCII letters in [lo, hi], as class ranges. */
function caselessRange(lo: number, hi: number): string {
  let out = '';
  const add = (a: number, b: number, shift: number) => {
    const from = Math.max(lo, a);
    const to = Math.min(hi, b);
    if (from <= to) out += `${String.fromCharCode(from + shift)}-${String.fromCharCode(to + shift)}`;
  };
  add(65, 90, 32);
  add(97, 122, -32);
  return out;
}

/**
 * The pattern without the `i` flag: each ASCII letter spelled with both cases,
 * which is all `i` does to ASCII letters in non-Unicode mode (non-ASCII letters
 * never match ASCII ones there). Null when the pattern has something else that
 * `i` would change: a non-ASCII letter, or a letter written as an escape.
 */
function caseless(source: string): string | null {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (isAsciiLetter(next) && !KNOWN_ESCAPES.has(next)) return null;
      out += c + next;
      i += 2;
      continue;
    }
    if (c === '(' && source.startsWith('(?<', i) && !LOOKAROUND.test(source.slice(i, i + 4))) {
      const end = source.indexOf('>', i);
      if (end < 0) return null;
      out += source.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '[') {
      const cls = caselessClass(source, i);
      if (cls === null) return null;
      out += cls.text;
      i = cls.end;
      continue;
    }
    if (c === '{') {
      // A counted repeat's digits, or a literal brace.
      const m = /^\{[0-9]*(,[0-9]*)?\}/.exec(source.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    if (isAsciiLetter(c)) out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else if (hasCase(c)) return null;
    else out += c;
    i++;
  }
  return out;
}

function caselessClass(source: string, start: number): { text: string; end: number } | null {
  let i = start + 1;
  let head = '[';
  if (source[i] === '^') {
    head += '^';
    i++;
  }
  let body = '';
  let extra = '';
  while (i < source.length && source[i] !== ']') {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (isAsciiLetter(next) && !KNOWN_ESCAPES.has(next)) return null;
      body += c + next;
      i += 2;
      continue;
    }
    if (source[i + 1] === '-' && source[i + 2] !== undefined && source[i + 2] !== ']' && source[i + 2] !== '\\') {
      const lo = c.charCodeAt(0);
      const hi = source.charCodeAt(i + 2);
      // A range reaching past ASCII may hold letters whose other case `i` would add.
      if (hi > 127) return null;
      body += source.slice(i, i + 3);
      extra += caselessRange(lo, hi);
      i += 3;
      continue;
    }
    if (isAsciiLetter(c)) extra += c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
    else if (hasCase(c)) return null;
    body += c;
    i++;
  }
  if (i >= source.length) return null;
  return { text: `${head}${body}${extra}]`, end: i + 1 };
}

// JavaScript's \s, in RE2's syntax (RE2's own \s is ASCII only).
const JS_SPACE = '\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/**
 * The pattern in RE2's syntax with JavaScript's meaning: `.` stops at every
 * JavaScript line terminator, `\s` is JavaScript's white space, escapes of
 * letters that mean nothing in JavaScript are the letter itself.
 */
function toRe2(source: string, dotAll: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (next === 's' || next === 'S') {
        if (inClass) out += next === 's' ? JS_SPACE : '\\S';
        else out += next === 's' ? `[${JS_SPACE}]` : `[^${JS_SPACE}]`;
      } else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(source.slice(i + 1, i + 5))) {
        out += `\\x{${source.slice(i + 1, i + 5)}}`;
        i += 4;
      } else if (next === 'c' && /^[A-Za-z]$/.test(source[i + 1] ?? '')) {
        out += `\\x{${(source.charCodeAt(i + 1) % 32).toString(16)}}`;
        i++;
      } else if (next === '0' && !/[0-9]/.test(source[i + 1] ?? '')) out += '\\x00';
      else if (isAsciiLetter(next) && !KNOWN_ESCAPES.has(next) && next !== 'x' && next !== 'u' && next !== 'c' && next !== 'k') out += next;
      else out += c + next;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      if (source.startsWith('[^]', i)) {
        out += '[\\x00-\\x{10FFFF}]';
        i += 2;
      } else if (source.startsWith('[]', i)) {
        out += '[^\\x00-\\x{10FFFF}]';
        i += 1;
      } else {
        inClass = true;
        out += c;
      }
    } else if (c === '.' && !dotAll) out += '[^\\n\\r\\x{2028}\\x{2029}]';
    else out += c;
  }
  return out;
}

function canRunLinear(source: string, flags: string): boolean {
  try {
    new RegExp(source, `${flags}l`);
    return true;
  } catch {
    // No `l` flag here (a browser, or flags not set), or a pattern beyond the linear engine.
    return false;
  }
}

function v8Regex(source: string, flags: string, runSource: string, runFlags: string): LinearRegex {
  const re = new RegExp(runSource, runFlags);
  return { source, flags, engine: 'v8', test: (s) => re.test(s), exec: (s) => re.exec(s) };
}

function re2Regex(source: string, flags: string): LinearRegex {
  let re2Flags = 0;
  if (flags.includes('i')) re2Flags |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('s')) re2Flags |= RE2JS.DOTALL;
  if (flags.includes('m')) re2Flags |= RE2JS.MULTILINE;
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2(source, flags.includes('s')), re2Flags);
  } catch (e) {
    throw new RegexRefused(`${(e as Error).message.replace(/^error parsing regexp: /, '')}`, 0, source.length);
  }
  return { source, flags, engine: 're2', test: (s) => re.test(s), exec: (s) => re.exec(s) as RegexMatch | null };
}

/**
 * Compiles a pattern (JavaScript syntax, flags from `ism`) to run in linear
 * time; throws RegexRefused for a pattern that is invalid or needs backtracking.
 */
export function linearRegex(source: string, flags = ''): LinearRegex {
  refuseBacktrackingOnly(source);
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw new RegexRefused((e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, ''), 0, source.length);
  }
  let runSource = source;
  let runFlags = flags;
  if (flags.includes('i')) {
    const spelled = caseless(source);
    if (spelled !== null) {
      runSource = spelled;
      runFlags = flags.replace('i', '');
    }
  }
  if (!runFlags.includes('i') && canRunLinear(runSource, runFlags)) return v8Regex(source, flags, runSource, runFlags);
  return re2Regex(source, flags);
}

/**
 * A Logs Insights pattern: `(?i)`, `(?s)` and `(?m)` may appear anywhere in it
 * and apply to the whole pattern, as in the service's dialect.
 */
export function insightsRegex(source: string): LinearRegex {
  refuseBacktrackingOnly(source);
  let flags = '';
  const pattern = source.replace(/\(\?([ism]+)\)/g, (_, f: string) => {
    for (const c of f) if (!flags.includes(c)) flags += c;
    return '';
  });
  return linearRegex(pattern, flags);
}

/** Escapes text to match itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
