import { compileMessage, type CompileCode, type CompileParams } from './compile-messages';

/**
 * A query that does not compile, located the way StartQuery's
 * MalformedQueryException locates it (queryCompileError.location),
 * with the code and values a page translates its message from.
 */
export class QueryCompileError extends Error {
  readonly name = 'MalformedQueryException';
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;

  constructor(
    readonly code: CompileCode,
    readonly params: CompileParams,
    readonly start: number,
    readonly end: number,
    text: string,
  ) {
    super(compileMessage(code, params));
    const { line, column } = lineColumn(text, start);
    this.line = line;
    this.column = column;
  }

  /** The `queryCompileError` member of the AWS error body. */
  toQueryCompileError(): { location: { startCharOffset: number; endCharOffset: number }; message: string } {
    return { location: { startCharOffset: this.start, endCharOffset: this.end }, message: this.message };
  }

  toJSON(): CompileDiagnostic {
    return { message: this.message, code: this.code, params: this.params, line: this.line, column: this.column, start: this.start, end: this.end };
  }
}

/** A compile error or warning as the editor and the console's API carry it. */
export interface CompileDiagnostic {
  message: string;
  code: CompileCode;
  params: CompileParams;
  line: number;
  column: number;
  start: number;
  end: number;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
