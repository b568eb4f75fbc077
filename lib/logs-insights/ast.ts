import type { QueryCompileError } from './errors';
import type { LinearRegex } from './regex';
import type { Period } from './values';

interface Span {
  start: number;
  end: number;
}

export type Expr =
  | (Span & { type: 'field'; name: string })
  | (Span & { type: 'literal'; value: string | number })
  | (Span & { type: 'regex'; source: string; regex: LinearRegex })
  | (Span & { type: 'period'; period: Period })
  | (Span & { type: 'list'; items: Expr[] })
  | (Span & { type: 'unary'; op: '-' | 'not'; operand: Expr })
  | (Span & { type: 'binary'; op: BinaryOp; left: Expr; right: Expr })
  | (Span & { type: 'match'; negate: boolean; left: Expr; pattern: Expr })
  | (Span & { type: 'in'; negate: boolean; left: Expr; list: Expr })
  | (Span & { type: 'call'; name: string; args: Expr[]; aggregate: boolean; star: boolean });

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/** An expression in `fields`, `stats` or `by`, with the name its column gets. */
export interface NamedExpr {
  expr: Expr;
  name: string;
}

export type Command = Span &
  (
    | { command: 'fields'; items: NamedExpr[] }
    | { command: 'display'; items: NamedExpr[] }
    | { command: 'filter'; expr: Expr }
    | { command: 'stats'; items: NamedExpr[]; by: NamedExpr[] }
    | { command: 'sort'; keys: { expr: Expr; descending: boolean }[] }
    | { command: 'limit'; count: number }
    | { command: 'parse'; source: Expr; glob?: string; regex?: LinearRegex; names: string[] }
    | { command: 'dedup'; fields: string[] }
    | { command: 'unnest'; field: string; into: string }
    | { command: 'unmask'; field: string }
  );

export interface Query {
  text: string;
  commands: Command[];
  /** Problems the query runs despite, such as a ')' missing at its very end. */
  warnings: QueryCompileError[];
}
