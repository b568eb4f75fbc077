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

/** A scanner reused across messages: no closures are created per message. */
class Scanner {
  private s = '';
  private i = 0;
  private out: Fields = Object.create(null) as Fields;
  /** Leaves seen, or an upper bound for containers skipped unread. */
  private leaves = 0;

  constructor(
    private readonly wanted: WantedNode,
    private readonly maxLeaves: number,
  ) {}

  scan(s: string): Fields | null | typeof TOO_MANY {
    this.s = s;
    this.i = 0;
    this.out = Object.create(null) as Fields;
    this.leaves = 0;
    this.ws();
    if (s.charCodeAt(this.i) !== 123) return null;
    try {
      this.object(this.wanted, true);
      this.ws();
      if (this.i !== s.length) return null;
    } catch (e) {
      if (e instanceof Malformed || e instanceof SyntaxError) return null;
      throw e;
    }
    return this.leaves > this.maxLeaves ? TOO_MANY : this.out;
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length && isSpace(s.charCodeAt(this.i))) this.i++;
  }

  /** At an opening quote: moves past the closing one and returns its index. */
  private skipString(): number {
    const s = this.s;
    let j = this.i + 1;
    for (;;) {
      const q = s.indexOf('"', j);
      if (q < 0) throw new Malformed();
      let b = q - 1;
      while (s.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 0) {
        this.i = q + 1;
        return q;
      }
      j = q + 1;
    }
  }

  private readString(): string {
    const start = this.i;
    const end = this.skipString();
    const raw = this.s.slice(start + 1, end);
    return raw.indexOf('\\') < 0 ? raw : (JSON.parse(this.s.slice(start, end + 1)) as string);
  }

  private readLiteral(): string {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 44 || c === 125 || c === 93 || isSpace(c)) break;
      this.i++;
    }
    const token = s.slice(start, this.i);
    if (!LITERAL.test(token)) throw new Malformed();
    return token;
  }

  private skipContainer(): void {
    const s = this.s;
    let depth = 0;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 34) {
        this.skipString();
        continue;
      }
      // Each leaf but the first of a container follows a comma.
      if (c === 44) this.leaves++;
      else if (c === 123 || c === 91) {
        depth++;
        this.leaves++;
      }
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          this.i++;
          return;
        }
      }
      this.i++;
    }
    throw new Malformed();
  }

  private value(node: WantedNode | undefined): void {
    const c = this.s.charCodeAt(this.i);
    if (c === 123 || c === 91) {
      if (node?.children == null) this.skipContainer();
      else if (c === 123) this.object(node, false);
      else this.array(node);
      return;
    }
    const name = node?.name ?? null;
    if (c === 34) {
      this.leaves++;
      if (name !== null) this.out[name] = this.readString();
      else this.skipString();
      return;
    }
    const token = this.readLiteral();
    if (token === 'null') return;
    this.leaves++;
    if (name !== null) this.out[name] = token === 'true' || token === 'false' ? token : Number(token);
  }

  private separator(close: number): boolean {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    this.i++;
    if (c === close) return true;
    if (c !== 44) throw new Malformed();
    return false;
  }

  private object(node: WantedNode, top: boolean): void {
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) {
      this.i++;
      return;
    }
    do {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) throw new Malformed();
      const key = this.readString();
      this.ws();
      if (this.s.charCodeAt(this.i) !== 58) throw new Malformed();
      this.i++;
      this.ws();
      // A top-level name starting with @ gets a second @, as in a full discovery.
      this.value(child(node, top && key.charCodeAt(0) === 64 ? `@${key}` : key));
    } while (!this.separator(125));
  }

  private array(node: WantedNode): void {
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 93) {
      this.i++;
      return;
    }
    let index = 0;
    do {
      this.ws();
      this.value(node.children?.get(String(index++)));
    } while (!this.separator(93));
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

