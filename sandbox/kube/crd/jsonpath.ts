/**
 * The simple JSONPath expressions CRDs use in printer columns and the scale
 * subresource (`.spec.replicas`, `.status.conditions[?(@.type=="Ready")].status`,
 * `.items[0]`, `.a[*].b`): every value the path reaches, in order.
 */

type Step = { field: string } | { index: number } | { all: true } | { filter: { key: string; value: string } };

export class JsonPathError extends Error {}

const FILTER_RE = /^\?\(@\.([A-Za-z0-9_-]+)\s*==\s*(?:"([^"]*)"|'([^']*)')\)$/;

export function parseJsonPath(path: string): Step[] {
  const text = path.trim().replace(/^\{(.*)\}$/, '$1');
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      let j = i + 1;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      const field = text.slice(i + 1, j);
      if (field) steps.push({ field });
      i = j;
    } else if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new JsonPathError(`unterminated array notation in ${path}`);
      const inner = text.slice(i + 1, end).trim();
      const filter = FILTER_RE.exec(inner);
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^'[^']*'$/.test(inner)) steps.push({ field: inner.slice(1, -1) });
      else if (filter) steps.push({ filter: { key: filter[1], value: filter[2] ?? filter[3] } });
      else throw new JsonPathError(`unsupported JSONPath ${path}`);
      i = end + 1;
    } else if (c === '@' || c === '$') {
      i++;
    } else {
      throw new JsonPathError(`unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
    }
  }
  return steps;
}

/** The values `path` reaches in `value`. */
export function findResults(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const step of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('field' in step) {
        if (v && typeof v === 'object' && !Array.isArray(v) && step.field in v) next.push((v as Record<string, unknown>)[step.field]);
      } else if ('index' in step) {
        if (Array.isArray(v)) {
          const at = step.index < 0 ? v.length + step.index : step.index;
          if (at >= 0 && at < v.length) next.push(v[at]);
        }
      } else if ('all' in step) {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        for (const item of v) {
          const got = item && typeof item === 'object' ? (item as Record<string, unknown>)[step.filter.key] : undefined;
          if (got !== undefined && String(got) === step.filter.value) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}
