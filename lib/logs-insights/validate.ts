import { QueryCompileError, type CompileDiagnostic } from './errors';
import { tokenize, type Token } from './lexer';
import { parseQuery } from './parser';

/** Checks a query for the editor: no error, or the first one with its position. */
export function validateQuery(text: string): { ok: true; warnings: CompileDiagnostic[] } | { ok: false; error: CompileDiagnostic } {
  try {
    const query = parseQuery(text);
    return { ok: true, warnings: query.warnings.map((w) => w.toJSON()) };
  } catch (e) {
    if (e instanceof QueryCompileError) return { ok: false, error: e.toJSON() };
    throw e;
  }
}

/**
 * Tokens for syntax highlighting. Text that does not lex (an unterminated
 * string, say) ends the list with an `error` span to the end of the text.
 */
export function highlightTokens(text: string): (Pick<Token, 'kind' | 'start' | 'end'> | { kind: 'error'; start: number; end: number })[] {
  try {
    return tokenize(text).map(({ kind, start, end }) => ({ kind, start, end }));
  } catch (e) {
    if (!(e instanceof QueryCompileError)) throw e;
    const before = tokenize(text.slice(0, e.start)).map(({ kind, start, end }) => ({ kind, start, end }));
    return [...before, { kind: 'error' as const, start: e.start, end: text.length }];
  }
}
