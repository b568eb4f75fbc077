/** An NDJSON body read as the console's pages read it: only each new chunk is searched for a line's end, each line parsed once whole. */
export async function readNdjsonLines<T>(body: ReadableStream<BufferSource>, onLine: (line: T) => void): Promise<void> {
  let parts: string[] = [];
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    let rest = read.value;
    let end: number;
    for (; (end = rest.indexOf('\n')) >= 0; rest = rest.slice(end + 1)) {
      parts.push(rest.slice(0, end));
      onLine(JSON.parse(parts.join('')) as T);
      parts = [];
    }
    parts.push(rest);
  }
}
