export type { Command, Expr, NamedExpr, Query } from './ast';
export { QueryCompileError } from './errors';
export { tokenize, COMMANDS, KEYWORDS, type Token, type TokenKind } from './lexer';
export { parseQuery, MAX_LIMIT } from './parser';
export { FUNCTION_NAMES } from './functions';
export { discoverJson, MAX_JSON_FIELDS, type LogEvent } from './record';
export { QueryRun, runQuery, DEFAULT_LIMIT, type QueryOptions, type QueryStatistics, type ResultField } from './engine';
export { validateQuery, highlightTokens, type QueryDiagnostic } from './validate';
export { formatTimestamp } from './values';
