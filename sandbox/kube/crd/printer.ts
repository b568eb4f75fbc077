/**
 * The Table of a custom resource (apiextensions-apiserver
 * pkg/registry/customresource/tableconvertor): Name, then the version's
 * additionalPrinterColumns, or Age alone when it declares none.
 */
import { timestampSince } from '@/lib/k8s/human-duration';
import { goValue } from '../http/fields';
import { column, creationDoc, nameColumn, type Cell, type Printer } from '../table/common';
import type { KubeObject } from '../store';
import { versionOf, type PrinterColumn } from './definition';
import { findResults } from './jsonpath';

/** serveDefaultColumnsIfEmpty */
const DEFAULT_COLUMNS: PrinterColumn[] = [{ name: 'Age', type: 'date', description: creationDoc, jsonPath: '.metadata.creationTimestamp' }];

/** cellForJSONValue: the JSON value as the column's type has it, or null. */
function cell(type: string, value: unknown, now: Date): Cell | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : timestampSince(value, now);
    default:
      return null;
  }
}

/** A "string" column prints whatever the path reaches, as JSONPath prints it (Go's formatting of maps and lists). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : goValue(value);
}

export function customResourcePrinter(crd: KubeObject, version: string): Printer {
  const declared = versionOf(crd, version)?.additionalPrinterColumns ?? [];
  const columns = declared.length > 0 ? declared : DEFAULT_COLUMNS;
  return {
    columns: [nameColumn(), ...columns.map((c) => column(c.name, c.type, c.description ?? '', c.priority ?? 0, c.format ?? ''))],
    row(obj, now) {
      const cells = [obj.metadata.name as Cell | null];
      for (const c of columns) {
        let results: unknown[];
        try {
          results = findResults(obj, c.jsonPath);
        } catch {
          results = [];
        }
        if (results.length === 0) cells.push(null);
        else cells.push(c.type === 'string' ? text(results[0]) : cell(c.type, results[0], now));
      }
      return { cells: cells as Cell[] };
    },
  };
}
