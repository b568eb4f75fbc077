import type { Value } from './values';

/**
 * The discovered field names a query reads, as a tree of their dot-separated
 * segments: a JSON key with dots in it ("app.kubernetes.io/name") walks
 * several levels, just as its flattened name would read.
 */
interface WantedNode {
  /** Where the reader puts the value of the flattened name ending here; -1 when the query reads none. */
  slot: number;
  children: Map<string, WantedNode> | null;
  /**
   * Raw key texts known here and the wanted node each names (undefined:
   * nothing wanted): first the children's keys that valid JSON writes as
   * they are (no quote, backslash or control character), then keys met in
   * messages, the oldest of those replaced first.
   */
  known: KnownKey[];
  wantedKeys: number;
  nextKnown: number;
  /** The known key met last time at each position of an object here: messages of one kind repeat their keys in order. */
  predicted: (KnownKey | undefined)[];
  /** The message in which the reader last reached this node. */
  seen: number;
  /** Containers read at this node (the root's: those read with nothing wanted inside). */
  cache: { entries: CachedContainer[]; next: number };
}

function wantedNode(): WantedNode {
  return { slot: -1, children: null, known: [], wantedKeys: 0, nextKnown: 0, predicted: [], seen: 0, cache: { entries: [], next: 0 } };
}

// eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

function wantedFields(names: readonly string[]): WantedNode {
  const root = wantedNode();
  names.forEach((name, slot) => {
    // A top-level key gets a second @, so no JSON key flattens to a name with a single one (a system field's).
    if (name.startsWith('@') && !name.startsWith('@@')) return;
    let node = root;
    for (const segment of name.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) {
        next = wantedNode();
        node.children.set(segment, next);
        // A top-level key starting with @ names the field with a second @: its raw text never equals the name.
        if (!NEEDS_ESCAPE.test(segment) && !(node === root && segment.startsWith('@'))) {
          node.known.push(knownKey(segment, next));
          node.wantedKeys++;
        }
      }
      node = next;
    }
    node.slot = slot;
  });
  return root;
}

/** The answer for a message the reader cannot settle alone (more fields than discovery takes, a name reached twice): flatten it in full instead. */
export const READ_IN_FULL: unique symbol = Symbol('read in full');

/** Thrown inside a scan; one instance each, as a stack trace per message would cost more than the scan. */
class Stop {}
const MALFORMED = new Stop();
const REACHED_TWICE = new Stop();

// A JSON string token exactly as JSON.parse accepts it: no raw control characters, only valid escapes.
// eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
const STRING = /"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null/y;

function skipWs(s: string, i: number): number {
  let c = s.charCodeAt(i);
  // Compact JSON has no whitespace: one test settles it.
  if (c > 32) return i;
  while (c === 32 || c === 9 || c === 10 || c === 13) c = s.charCodeAt(++i);
  return i;
}

/** A key's raw text, as character codes (read faster than a string's), and the wanted node it names. */
interface KnownKey {
  codes: number[];
  node: WantedNode | undefined;
}

function knownKey(text: string, node: WantedNode | undefined): KnownKey {
  return { codes: Array.from(text, (c) => c.charCodeAt(0)), node };
}

/**
 * Whether the key whose text starts at `from` is this one: the text of a
 * valid JSON key, so equal characters and then a quote are that key.
 * Compared by character: slicing each key of every message would cost more.
 */
function isKey(s: string, from: number, codes: number[]): boolean {
  const n = codes.length;
  // The closing quote where this key's would be rules out most keys with one test.
  if (s.charCodeAt(from + n) !== 34) return false;
  let j = 0;
  while (j < n && codes[j] === s.charCodeAt(from + j)) j++;
  return j === n;
}

/** A container seen before, by its exact text: what reading it gave. */
interface CachedContainer {
  text: string;
  second: number;
  middle: number;
  atMiddle: number;
  last: number;
  leaves: number;
  /** Slot and value pairs, flattened. */
  fields: Value[];
  reached: WantedNode[];
}

/** Containers remembered per wanted node; Container Insights repeats each pod's `kubernetes` object verbatim. */
const CACHED_CONTAINERS = 16;
/** Keys met in messages remembered per wanted node. */
const REMEMBERED_KEYS = 8;
/** Shorter containers are read again rather than looked up. */
const MIN_CACHED_LENGTH = 64;

/**
 * Reads only the wanted fields of JSON object messages, skipping the rest
 * without building it, and gives the same names and values as a full
 * JSON.parse and flattening: each wanted name has a slot in the answer.
 * One scanner is reused across messages, so nothing is created per message
 * but the answer.
 */
export class JsonFieldReader {
  private readonly root: WantedNode;
  private readonly empty: Value[];
  private s = '';
  private i = 0;
  private out: Value[] = [];
  /** Non-null leaves seen (a duplicate key's counted twice, which only errs towards a full read). */
  private leaves = 0;
  private message = 0;
  /** The first backslash at or after the last position asked about. */
  private backslash = -1;
  /** While a container is read for the cache: the slots and values it sets, and the nodes it reaches. */
  private recording: Value[] | null = null;
  private reached: WantedNode[] | null = null;

  /** `names`: flattened field names (top-level `@` names doubled), each read into the slot of its index. */
  constructor(
    readonly names: readonly string[],
    private readonly maxLeaves: number,
  ) {
    this.root = wantedFields(names);
    this.empty = names.map(() => null);
  }

  /**
   * The wanted values by slot (null where absent), null for a message that
   * is not a JSON object, or READ_IN_FULL. `into`: an array of one per
   * name to fill rather than a new one.
   */
  read(s: string, into?: Value[]): Value[] | null | typeof READ_IN_FULL {
    this.s = s;
    this.out = into === undefined ? this.empty.slice() : into.fill(null);
    this.leaves = 0;
    this.backslash = -1;
    this.message++;
    this.recording = null;
    this.reached = null;
    // Only spaces and tabs may come before the object, as full discovery looks for it.
    let i = 0;
    let c = s.charCodeAt(0);
    while (c === 32 || c === 9) c = s.charCodeAt(++i);
    if (c !== 123) return null;
    this.i = i;
    try {
      this.object(this.root, true);
      if (skipWs(s, this.i) !== s.length) return null;
    } catch (e) {
      if (e === MALFORMED) return null;
      // A string too long for the pattern's stack is left to JSON.parse.
      if (e === REACHED_TWICE || e instanceof RangeError) return READ_IN_FULL;
      throw e;
    }
    return this.leaves > this.maxLeaves ? READ_IN_FULL : this.out;
  }

  /** Whether the text between `start` and `end` holds a backslash. */
  private escaped(start: number, end: number): boolean {
    if (this.backslash < start) {
      const b = this.s.indexOf('\\', start);
      this.backslash = b < 0 ? this.s.length : b;
    }
    return this.backslash < end;
  }

  /** At an opening quote: the index just past the closing one. */
  private stringEnd(i: number): number {
    STRING.lastIndex = i;
    if (!STRING.test(this.s)) throw MALFORMED;
    return STRING.lastIndex;
  }

  private text(start: number, end: number): string {
    return this.escaped(start, end) ? (JSON.parse(this.s.slice(start, end)) as string) : this.s.slice(start + 1, end - 1);
  }

  private set(slot: number, value: Value): void {
    this.out[slot] = value;
    this.recording?.push(slot, value);
  }

  /**
   * The wanted node a key or an array index names: reached twice in one
   * message, it has duplicate keys or names that flatten alike, whose
   * order full discovery settles.
   */
  private reach(node: WantedNode): WantedNode {
    if (node.seen === this.message) throw REACHED_TWICE;
    node.seen = this.message;
    this.reached?.push(node);
    return node;
  }

  /** A string value at `i`, set when wanted; the index past it. */
  private string(i: number, node: WantedNode | undefined): number {
    const end = this.stringEnd(i);
    this.leaves++;
    if (node !== undefined && node.slot >= 0) this.set(node.slot, this.text(i, end));
    return end;
  }

  private value(node: WantedNode | undefined): void {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34) {
      this.i = this.string(this.i, node);
      return;
    }
    if (c === 123 || c === 91) return this.cachedContainer(node?.children == null ? undefined : node, c);
    LITERAL.lastIndex = this.i;
    if (!LITERAL.test(s)) throw MALFORMED;
    const end = LITERAL.lastIndex;
    if (c === 110 /* null */) {
      this.i = end;
      return;
    }
    this.leaves++;
    if (node !== undefined && node.slot >= 0) {
      const token = s.slice(this.i, end);
      this.set(node.slot, c === 116 || c === 102 ? token : Number(token));
    }
    this.i = end;
  }

  private container(node: WantedNode | undefined, c: number): void {
    if (c === 123) this.object(node, false);
    else this.array(node);
  }

  private cachedContainer(node: WantedNode | undefined, c: number): void {
    if (this.recording !== null) return this.container(node, c);
    const cache = (node ?? this.root).cache;
    const s = this.s;
    const start = this.i;
    const entries = cache.entries;
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      const end = start + entry.text.length;
      // Cheap checks first: the closing bracket, and the characters after the opening one and in the middle.
      if (s.charCodeAt(end - 1) !== entry.last || s.charCodeAt(start + 1) !== entry.second || s.charCodeAt(start + entry.middle) !== entry.atMiddle) continue;
      if (s.slice(start, end) === entry.text) {
        this.i = end;
        this.leaves += entry.leaves;
        const fields = entry.fields;
        for (let f = 0; f < fields.length; f += 2) this.out[fields[f] as number] = fields[f + 1];
        for (const node of entry.reached) this.reach(node);
        return;
      }
    }
    const leaves = this.leaves;
    const fields: Value[] = (this.recording = []);
    const reached: WantedNode[] = (this.reached = []);
    try {
      this.container(node, c);
    } finally {
      this.recording = null;
      this.reached = null;
    }
    // Only a container read to its end is remembered.
    if (this.i - start >= MIN_CACHED_LENGTH) {
      const text = s.slice(start, this.i);
      const middle = text.length >> 1;
      entries[cache.next] = { text, second: text.charCodeAt(1), middle, atMiddle: text.charCodeAt(middle), last: text.charCodeAt(text.length - 1), leaves: this.leaves - leaves, fields, reached };
      cache.next = (cache.next + 1) % CACHED_CONTAINERS;
    }
  }

  /**
   * At the opening quote of a key of an object with wanted children: the
   * wanted node it names, walking the segments of a dotted key, with
   * `this.i` just past the closing quote.
   */
  private key(node: WantedNode, start: number, top: boolean, position: number): WantedNode | undefined {
    const s = this.s;
    const from = start + 1;
    let found = node.predicted[position];
    if (found === undefined || !isKey(s, from, found.codes)) {
      found = undefined;
      const known = node.known;
      for (let k = 0; k < known.length; k++) {
        if (isKey(s, from, known[k].codes)) {
          found = known[k];
          break;
        }
      }
      if (found === undefined) {
        const end = this.stringEnd(start);
        const key = this.text(start, end);
        // A top-level name starting with @ gets a second @, as in a full discovery.
        let n: WantedNode | undefined = node;
        for (const segment of (top && key.charCodeAt(0) === 64 ? `@${key}` : key).split('.')) {
          n = n.children?.get(segment);
          if (n === undefined) break;
        }
        // The same text names the same node the next time; it is known valid, so a match needs no pattern.
        found = knownKey(s.slice(from, end - 1), n);
        node.known[node.wantedKeys + node.nextKnown] = found;
        node.nextKnown = (node.nextKnown + 1) % REMEMBERED_KEYS;
      }
      node.predicted[position] = found;
    }
    this.i = from + found.codes.length + 1;
    return found.node === undefined ? undefined : this.reach(found.node);
  }

  private object(node: WantedNode | undefined, top: boolean): void {
    const s = this.s;
    // Positions kept in locals and whitespace tested inline: compact JSON has none, and this loop runs for every key.
    let i = this.i + 1;
    let c = s.charCodeAt(i);
    if (c <= 32) c = s.charCodeAt((i = skipWs(s, i)));
    if (c === 125) {
      this.i = i + 1;
      return;
    }
    const wanted = node?.children == null ? undefined : node;
    for (let position = 0; ; position++) {
      if (c !== 34) throw MALFORMED;
      let child: WantedNode | undefined;
      if (wanted === undefined) i = this.stringEnd(i);
      else {
        child = this.key(wanted, i, top, position);
        i = this.i;
      }
      c = s.charCodeAt(i);
      if (c <= 32) c = s.charCodeAt((i = skipWs(s, i)));
      if (c !== 58) throw MALFORMED;
      c = s.charCodeAt(++i);
      if (c <= 32) c = s.charCodeAt((i = skipWs(s, i)));
      if (c === 34) i = this.string(i, child);
      else {
        this.i = i;
        this.value(child);
        i = this.i;
      }
      i = this.next(i, 125);
      if (i < 0) return;
      c = s.charCodeAt(i);
    }
  }

  private array(node: WantedNode | undefined): void {
    const s = this.s;
    let i = this.i + 1;
    let c = s.charCodeAt(i);
    if (c <= 32) c = s.charCodeAt((i = skipWs(s, i)));
    if (c === 93) {
      this.i = i + 1;
      return;
    }
    const children = node?.children ?? null;
    for (let index = 0; ; index++) {
      const child = children === null ? undefined : children.get(String(index));
      this.i = i;
      this.value(child === undefined ? undefined : this.reach(child));
      i = this.next(this.i, 93);
      if (i < 0) return;
    }
  }

  /** After a member or an item, at `i`: where the next one starts, or -1 with `this.i` past the closing bracket. */
  private next(i: number, close: number): number {
    const s = this.s;
    let c = s.charCodeAt(i);
    if (c <= 32) c = s.charCodeAt((i = skipWs(s, i)));
    if (c === 44) return s.charCodeAt(++i) <= 32 ? skipWs(s, i) : i;
    if (c !== close) throw MALFORMED;
    this.i = i + 1;
    return -1;
  }
}
