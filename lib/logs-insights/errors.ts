/**
 * A query that does not compile, located the way StartQuery's
 * MalformedQueryException locates it (queryCompileError.location).
 */
export class QueryCompileError extends Error {
  readonly name = 'MalformedQueryException';
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;

  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    text: string,
  ) {
    super(message);
    const { line, column } = lineColumn(text, start);
    this.line = line;
    this.column = column;
  }

  /** The `queryCompileError` member of the AWS error body. */
  toQueryCompileError(): { location: { startCharOffset: number; endCharOffset: number }; message: string } {
    return { location: { startCharOffset: this.start, endCharOffset: this.end }, message: this.message };
  }

  toJSON(): { message: string; line: number; column: number; start: number; end: number } {
    return { message: this.message, line: this.line, column: this.column, start: this.start, end: this.end };
  }
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
