import 'server-only';
/** Test scaffolding: a text/event-stream body read as the browser's EventSource parses it. */

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/** Reads a text/event-stream body as the browser's EventSource parses it. */
export class SseReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  lastEventId = '';
  comments: string[] = [];

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next dispatched event, or undefined when the stream ends. */
  async next(timeoutMs = 10_000): Promise<SseMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const message: SseMessage = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'event') message.event = value;
          else if (name === 'data') data.push(value);
          else if (name === 'id') this.lastEventId = message.id = value;
        }
        if (data.length === 0) continue;
        message.data = data.join('\n');
        return message;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no event in time');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no event in time')), remaining)));
      const chunk = await Promise.race([this.reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) return undefined;
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** The next event with this name, skipping others. */
  async nextOf(event: string, timeoutMs = 10_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (!message) throw new Error(`stream ended before a "${event}" event`);
      if (message.event === event) return message;
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}
