import 'server-only';

/** What a stream gives: bytes from an HTTP body, or text from one already decoded. */
export type StreamChunk = Uint8Array | string;

/**
 * Decodes UTF-8 that arrives in chunks. A character split across two chunks is held until its
 * last byte arrives, so Korean text or an emoji cut at a chunk boundary is never replaced by U+FFFD.
 */
export class TextReader {
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: StreamChunk): string {
    return typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
  }

  /** What is left: a character the stream cut short becomes U+FFFD, as with any malformed bytes. */
  end(): string {
    return this.decoder.decode();
  }
}

/**
 * Splits a chunked UTF-8 stream into lines at each "\n". A "\r" before it stays part of the line,
 * as kubectl logs and Fluentd keep it; JSON readers skip it as whitespace.
 */
export class LineReader {
  private readonly text = new TextReader();
  private partial = '';

  /** The lines this chunk completes. */
  push(chunk: StreamChunk): string[] {
    const lines = (this.partial + this.text.push(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    return lines;
  }

  /** The last line when the stream ended without a newline; none when it ended with one. */
  end(): string[] {
    const last = this.partial + this.text.end();
    this.partial = '';
    return last ? [last] : [];
  }
}

/** Each line of a stream, the last one too when it ends without a newline. */
export async function* readLines(body: AsyncIterable<StreamChunk>): AsyncGenerator<string> {
  const reader = new LineReader();
  for await (const chunk of body) yield* reader.push(chunk as StreamChunk);
  yield* reader.end();
}

/** A stream's text as it arrives, each piece ending on a whole character. */
export async function* readText(body: AsyncIterable<StreamChunk>): AsyncGenerator<string> {
  const reader = new TextReader();
  for await (const chunk of body) {
    const text = reader.push(chunk as StreamChunk);
    if (text) yield text;
  }
  const rest = reader.end();
  if (rest) yield rest;
}
