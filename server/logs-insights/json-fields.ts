import type { Value } from './values';

type Fields = Record<string, Value>;

/**
 * The discovered field names a query reads, as a tree of their dot-separated
 * segments: a JSON key with dots in it ("app.kubernetes.io/name") walks
 * several levels, just as its flattened name would read.
 */
export interface WantedNode {
  /** The flattened field name ending here, when the query reads one. */
  name: string | null;
  children: Map<string, WantedNode> | null;
  /** The children as parallel arrays, for comparing keys in place. */
  keys?: string[];
  nodes?: WantedNode[];
}

export function wantedFields(names: Iterable<string>): WantedNode {
  const root: WantedNode = { name: null, children: null };
  for (const name of names) {
    let node = root;
    for (const segment of name.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) {
        next = { name: null, children: null };
        node.children.set(segment, next);
      }
      node = next;
    }
    node.name = name;
  }
  return root;
}

function child(node: WantedNode, key: string): WantedNode | undefined {
  if (node.children === null) return undefined;
  const direct = node.children.get(key);
  if (direct !== undefined || key.indexOf('.') < 0) return direct;
  let n: WantedNode | undefined = node;
  for (const segment of key.split('.')) {
    n = n.children?.get(segment);
    if (!n) return undefined;
  }
  return n;
}

/** The answer for a message that may hold more fields than discovery takes: flatten it in full instead. */
export const TOO_MANY: unique symbol = Symbol('too many fields');

class Malformed extends Error {}
const LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipWs(s: string, i: number): number {
  let c = s.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = s.charCodeAt(++i);
  return i;
}

/** At an opening quote: the index of the closing one. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) throw new Malformed();
    if (s.charCodeAt(q - 1) !== 92) return q;
    let b = q - 1;
    while (s.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    j = q + 1;
  }
}

/** Children compared in place, without slicing the key, when a node has this many or fewer. */
const INLINE_CHILDREN = 8;

/** A container seen before, by its exact text: what reading it gave. */
interface CachedContainer {
  text: string;
  second: number;
  last: number;
  leaves: number;
  fields: [string, Value][];
}

/** Containers remembered per wanted node; Container Insights repeats each pod's `kubernetes` object verbatim. */
const CACHED_CONTAINERS = 16;
/** Shorter containers are read again rather than looked up. */
const MIN_CACHED_LENGTH = 64;

/** A scanner reused across messages: no closures are created per message. */
class Scanner {
  private s = '';
  private i = 0;
  private out: Fields = Object.create(null) as Fields;
  /** Leaves seen, or an upper bound for containers skipped unread. */
  private leaves = 0;
  /** While a container is read for the cache: the fields it sets. */
  private recording: [string, Value][] | null = null;
  private readonly caches = new Map<WantedNode | null, { entries: CachedContainer[]; next: number }>();

  constructor(
    private readonly wanted: WantedNode,
    private readonly maxLeaves: number,
  ) {}

  scan(s: string): Fields | null | typeof TOO_MANY {
    this.s = s;
    this.out = Object.create(null) as Fields;
    this.leaves = 0;
    this.i = skipWs(s, 0);
    if (s.charCodeAt(this.i) !== 123) return null;
    try {
      this.object(this.wanted, true);
      if (skipWs(s, this.i) !== s.length) return null;
    } catch (e) {
      if (e instanceof Malformed || e instanceof SyntaxError) return null;
      throw e;
    }
    return this.leaves > this.maxLeaves ? TOO_MANY : this.out;
  }

  private readString(): string {
    const start = this.i;
    const end = stringEnd(this.s, start);
    this.i = end + 1;
    const raw = this.s.slice(start + 1, end);
    return raw.indexOf('\\') < 0 ? raw : (JSON.parse(this.s.slice(start, end + 1)) as string);
  }

  private readLiteral(): string {
    const s = this.s;
    const start = this.i;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || isSpace(c)) break;
      i++;
    }
    this.i = i;
    const token = s.slice(start, i);
    if (!LITERAL.test(token)) throw new Malformed();
    return token;
  }

  private skipContainer(): void {
    const s = this.s;
    const n = s.length;
    let i = this.i;
    let depth = 0;
    let leaves = this.leaves;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i = stringEnd(s, i) + 1;
        continue;
      }
      // Each leaf but the first of a container follows a comma.
      if (c === 44) leaves++;
      else if (c === 123 || c === 91) {
        depth++;
        leaves++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          this.i = i + 1;
          this.leaves = leaves;
          return;
        }
      }
      i++;
    }
    throw new Malformed();
  }

  private set(name: string, value: Value): void {
    this.out[name] = value;
    this.recording?.push([name, value]);
  }

  private container(node: WantedNode | undefined, c: number): void {
    if (node?.children == null) this.skipContainer();
    else if (c === 123) this.object(node, false);
    else this.array(node);
  }

  private value(node: WantedNode | undefined): void {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 123 || c === 91) {
      if (this.recording !== null) return this.container(node, c);
      const key = node?.children == null ? null : node;
      let cache = this.caches.get(key);
      if (!cache) this.caches.set(key, (cache = { entries: [], next: 0 }));
      const start = this.i;
      const entries = cache.entries;
      for (let e = 0; e < entries.length; e++) {
        const entry = entries[e];
        const end = start + entry.text.length;
        // Cheap checks first: the character after the opening bracket and the closing one.
        if (s.charCodeAt(start + 1) !== entry.second || s.charCodeAt(end - 1) !== entry.last) continue;
        if (s.slice(start, end) === entry.text) {
          this.i = start + entry.text.length;
          this.leaves += entry.leaves;
          for (const [name, value] of entry.fields) this.out[name] = value;
          return;
        }
      }
      const leaves = this.leaves;
      const fields: [string, Value][] = (this.recording = []);
      try {
        this.container(node, c);
      } finally {
        this.recording = null;
      }
      // Only a container read to its end is remembered.
      if (this.i - start >= MIN_CACHED_LENGTH) {
        const text = s.slice(start, this.i);
        cache.entries[cache.next] = { text, second: text.charCodeAt(1), last: text.charCodeAt(text.length - 1), leaves: this.leaves - leaves, fields };
        cache.next = (cache.next + 1) % CACHED_CONTAINERS;
      }
      return;
    }
    const name = node?.name ?? null;
    if (c === 34) {
      this.leaves++;
      if (name !== null) this.set(name, this.readString());
      else this.i = stringEnd(s, this.i) + 1;
      return;
    }
    const token = this.readLiteral();
    if (token === 'null') return;
    this.leaves++;
    if (name !== null) this.set(name, token === 'true' || token === 'false' ? token : Number(token));
  }

  /** The wanted node for the key between the quotes at `start` and `end`. */
  private childAt(node: WantedNode, start: number, end: number, top: boolean): WantedNode | undefined {
    const children = node.children!;
    const s = this.s;
    const length = end - start - 1;
    let plain = !(top && s.charCodeAt(start + 1) === 64);
    if (plain) {
      for (let k = start + 1; k < end; k++) {
        const c = s.charCodeAt(k);
        if (c === 92 || c === 46) {
          plain = false;
          break;
        }
      }
    }
    if (plain && children.size <= INLINE_CHILDREN) {
      const keys = (node.keys ??= [...children.keys()]);
      const nodes = (node.nodes ??= [...children.values()]);
      const first = s.charCodeAt(start + 1);
      // Compared by character: startsWith is slow on messages sliced out of a larger text.
      outer: for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (key.length !== length || key.charCodeAt(0) !== first) continue;
        for (let j = 1; j < length; j++) if (key.charCodeAt(j) !== s.charCodeAt(start + 1 + j)) continue outer;
        return nodes[k];
      }
      return undefined;
    }
    const raw = s.slice(start + 1, end);
    const key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(s.slice(start, end + 1)) as string);
    // A top-level name starting with @ gets a second @, as in a full discovery.
    return child(node, top && key.charCodeAt(0) === 64 ? `@${key}` : key);
  }

  private object(node: WantedNode, top: boolean): void {
    const s = this.s;
    let i = skipWs(s, this.i + 1);
    if (s.charCodeAt(i) === 125) {
      this.i = i + 1;
      return;
    }
    for (;;) {
      i = skipWs(s, i);
      if (s.charCodeAt(i) !== 34) throw new Malformed();
      const keyStart = i;
      const keyEnd = stringEnd(s, i);
      i = skipWs(s, keyEnd + 1);
      if (s.charCodeAt(i) !== 58) throw new Malformed();
      this.i = skipWs(s, i + 1);
      this.value(node.children === null ? undefined : this.childAt(node, keyStart, keyEnd, top));
      i = skipWs(s, this.i);
      const c = s.charCodeAt(i);
      i++;
      if (c === 125) {
        this.i = i;
        return;
      }
      if (c !== 44) throw new Malformed();
    }
  }

  private array(node: WantedNode): void {
    const s = this.s;
    let i = skipWs(s, this.i + 1);
    if (s.charCodeAt(i) === 93) {
      this.i = i + 1;
      return;
    }
    let index = 0;
    for (;;) {
      this.i = skipWs(s, i);
      this.value(node.children?.get(String(index++)));
      i = skipWs(s, this.i);
      const c = s.charCodeAt(i);
      i++;
      if (c === 93) {
        this.i = i;
        return;
      }
      if (c !== 44) throw new Malformed();
    }
  }
}

/**
 * A reader of only the wanted fields of JSON object messages, skipping the
 * rest without building it; it returns null for a message that is not a JSON
 * object. Names and values are those a full parse and flattening give.
 */
export function jsonFieldReader(wanted: WantedNode, maxLeaves: number): (message: string) => Fields | null | typeof TOO_MANY {
  const scanner = new Scanner(wanted, maxLeaves);
  return (message) => scanner.scan(message);
}

