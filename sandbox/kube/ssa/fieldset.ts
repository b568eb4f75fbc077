/**
 * Sets of field paths in structured-merge-diff's FieldsV1 form: a tree whose
 * keys are path elements ("f:name", "k:{\"name\":\"app\"}", "v:\"x\"", "i:0"),
 * where "." marks a node that is itself a member and an empty object a member
 * leaf. Set algebra works on that tree directly.
 */

export type FieldsV1 = { [element: string]: FieldsV1 };

/** One path: its FieldsV1 elements from the root. */
export type FieldPath = string[];

interface Node {
  member: boolean;
  children: Map<string, Node>;
}

function fromV1(v1: FieldsV1): Node {
  const children = new Map<string, Node>();
  for (const [k, v] of Object.entries(v1)) if (k !== '.') children.set(k, fromV1(v));
  return { member: Object.keys(v1).length === 0 || '.' in v1, children };
}

function toV1(node: Node): FieldsV1 | undefined {
  const out: FieldsV1 = {};
  for (const k of [...node.children.keys()].sort()) {
    const child = toV1(node.children.get(k)!);
    if (child) out[k] = child;
  }
  const hasChildren = Object.keys(out).length > 0;
  if (!node.member) return hasChildren ? out : undefined;
  return hasChildren ? { '.': {}, ...out } : {};
}

function combine(a: Node | undefined, b: Node | undefined, op: 'union' | 'difference' | 'intersection'): Node {
  const member = op === 'union' ? !!(a?.member || b?.member) : op === 'difference' ? !!a?.member && !b?.member : !!(a?.member && b?.member);
  const keys = new Set(op === 'union' ? [...(a?.children.keys() ?? []), ...(b?.children.keys() ?? [])] : [...(a?.children.keys() ?? [])]);
  const children = new Map<string, Node>();
  for (const k of keys) {
    const [x, y] = [a?.children.get(k), b?.children.get(k)];
    if (op === 'intersection' && !y) continue;
    if (op === 'difference' && !y) children.set(k, x!);
    else children.set(k, combine(x, y, op));
  }
  return { member, children };
}

/** An immutable set of field paths. */
export class FieldSet {
  private constructor(private readonly root: Node) {}

  static empty(): FieldSet {
    return new FieldSet({ member: false, children: new Map() });
  }

  static fromFieldsV1(v1: FieldsV1 | undefined): FieldSet {
    const root = fromV1(v1 ?? {});
    return new FieldSet({ ...root, member: false });
  }

  static fromPaths(paths: Iterable<FieldPath>): FieldSet {
    const root: Node = { member: false, children: new Map() };
    for (const path of paths) {
      let node = root;
      for (const element of path) {
        let next = node.children.get(element);
        if (!next) node.children.set(element, (next = { member: false, children: new Map() }));
        node = next;
      }
      node.member = true;
    }
    return new FieldSet(root);
  }

  toFieldsV1(): FieldsV1 {
    return toV1(this.root) ?? {};
  }

  union(other: FieldSet): FieldSet {
    return new FieldSet(combine(this.root, other.root, 'union'));
  }

  difference(other: FieldSet): FieldSet {
    return new FieldSet(combine(this.root, other.root, 'difference'));
  }

  intersection(other: FieldSet): FieldSet {
    return new FieldSet(combine(this.root, other.root, 'intersection'));
  }

  isEmpty(): boolean {
    return this.paths().length === 0;
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  /** Whether `path` or anything under it is in the set. */
  touches(path: FieldPath): boolean {
    let node: Node | undefined = this.root;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return false;
    }
    return true;
  }

  /** The member paths, parents before children, siblings in element order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: Node, path: FieldPath) => {
      if (node.member && path.length > 0) out.push(path);
      for (const k of [...node.children.keys()].sort()) walk(node.children.get(k)!, [...path, k]);
    };
    walk(this.root, []);
    return out;
  }
}

/** fieldpath.Path.String(): ".spec.replicas", `.spec.containers[name="app"].image`, `.metadata.finalizers[="x"]`, "[3]". */
export function pathString(path: FieldPath): string {
  return path
    .map((element) => {
      const [kind, rest] = [element.slice(0, 2), element.slice(2)];
      if (kind === 'f:') return `.${rest}`;
      if (kind === 'k:') {
        const key = JSON.parse(rest) as Record<string, unknown>;
        return `[${Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (kind === 'v:') return `[=${rest}]`;
      return `[${rest}]`;
    })
    .join('');
}
