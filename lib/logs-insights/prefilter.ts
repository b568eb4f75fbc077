import type { Command, Expr } from './ast';

/** A test on the raw message that every record the filters keep passes; false means the record can be skipped unread. */
export type Prefilter = (message: string) => boolean;

// Text a JSON writer may escape (quotes, backslashes, slashes, control characters) never serves as a needle.
// eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
const SAFE_NEEDLE = /^[^"\\/\u0000-\u001f]+$/;
// A needle made only of number characters could match a number written differently (5e2 for 500).
const NUMBER_CHARS = /^[0-9.eE+-]+$/;
const REGEX_META = /[\\^$.|?*+()[\]{}]/;

function needle(text: string): string | null {
  return text.length > 0 && SAFE_NEEDLE.test(text) && !NUMBER_CHARS.test(text) ? text : null;
}

/** Whether a field's value appears as written in the raw message: @message itself, or a discovered JSON field. */
function inMessage(e: Expr, defined: Set<string>): boolean {
  return e.type === 'field' && !defined.has(e.name) && (e.name === '@message' || !e.name.startsWith('@'));
}

type Test = (message: string) => boolean;

/** A necessary condition: all of the needles' groups hold, each group needing one of its needles. */
type Condition = string[][];
/** Groups an `or` may multiply into before it is left unfiltered. */
const MAX_GROUPS = 8;

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/**
 * One search for any of the needles: a pattern rather than `includes`, whose
 * search restarts at every occurrence of a needle's first character, where
 * the pattern's search skips ahead by the needles' length.
 */
function anyOf(needles: string[]): Test {
  const re = new RegExp(`(?:${needles.map((n) => n.replace(REGEX_SPECIAL, '\\$&')).join('|')})`);
  return (m) => re.test(m);
}

function derive(e: Expr, defined: Set<string>): Condition | null {
  switch (e.type) {
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') {
        const a = derive(e.left, defined);
        const b = derive(e.right, defined);
        if (e.op === 'and') return a && b ? [...a, ...b] : (a ?? b);
        // (a1 and a2) or b needs (a1 or b) and (a2 or b).
        return a && b && a.length * b.length <= MAX_GROUPS ? a.flatMap((x) => b.map((y) => [...x, ...y])) : null;
      }
      if (e.op === '=') {
        const [field, lit] = e.left.type === 'literal' ? [e.right, e.left] : [e.left, e.right];
        if (lit.type === 'literal' && typeof lit.value === 'string' && inMessage(field, defined)) {
          const n = needle(lit.value);
          return n === null ? null : [[n]];
        }
      }
      return null;
    }
    case 'match': {
      if (e.negate || !inMessage(e.left, defined)) return null;
      const p = e.pattern;
      let text: string | null = null;
      if (p.type === 'literal' && typeof p.value === 'string') text = p.value;
      else if (p.type === 'regex' && p.regex.flags === '' && !REGEX_META.test(p.source)) text = p.source;
      const n = text === null ? null : needle(text);
      return n === null ? null : [[n]];
    }
    default:
      return null;
  }
}

/**
 * A necessary condition on the raw message drawn from the filters that run
 * first (`log like /WARN/` needs "WARN" in the message), so most events a
 * selective query rejects are never parsed. Null when the filters give none.
 */
export function prefilter(commands: Command[]): Prefilter | null {
  const defined = new Set<string>();
  const groups: Condition = [];
  for (const c of commands) {
    if (c.command === 'filter') {
      const t = derive(c.expr, defined);
      if (t) groups.push(...t);
    } else if (c.command === 'fields') c.items.forEach((i) => defined.add(i.name));
    else if (c.command === 'parse') c.names.forEach((n) => defined.add(n));
    else if (c.command === 'unnest') defined.add(c.into);
    else if (c.command !== 'display' && c.command !== 'unmask') break;
  }
  if (groups.length === 0) return null;
  const tests = groups.map(anyOf);
  // A writer that spells characters as \u escapes defeats substring tests; such messages are always read.
  return (message) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](message)) return message.includes('\\u');
    return true;
  };
}
