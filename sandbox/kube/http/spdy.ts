/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 and the SPDY/3.1 amendment), as far as
 * the Kubernetes streaming protocols use it through github.com/moby/spdystream: frames
 * read from and written to a byte stream, the name/value header blocks of SYN_STREAM,
 * SYN_REPLY and HEADERS compressed with zlib and the spec's fixed dictionary (one
 * compression context per direction for the whole connection), and a server-side
 * connection that accepts the client's streams, answers PINGs and half-closes.
 *
 * spdystream sends no flow-control windows it waits on, so WINDOW_UPDATE and SETTINGS
 * are read and ignored.
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

export const SPDY_VERSION = 3;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes (section 2.4.2). */
export const RstStatus = { ProtocolError: 1, InvalidStream: 2, RefusedStream: 3, Cancel: 5, InternalError: 6, StreamInUse: 8, StreamAlreadyClosed: 9 } as const;

const HEADER_BYTES = 8;
/** The length field is 24 bits. */
const MAX_FRAME_PAYLOAD = 0xffffff;
const STREAM_ID_MASK = 0x7fffffff;

// prettier-ignore
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'allow',
  'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5',
  'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after',
  'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK',
  'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];

const DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505203 Non-Authoritative Information204 No Content' +
  '301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,' +
  'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

/**
 * The header compression dictionary of section 2.6.10.1: each of the words with its 32-bit
 * big-endian length, then the status lines, dates and media types as one string.
 */
export const HEADER_DICTIONARY: Buffer = Buffer.concat([
  ...DICTIONARY_WORDS.map((word) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(word.length);
    return Buffer.concat([length, Buffer.from(word, 'latin1')]);
  }),
  Buffer.from(DICTIONARY_TAIL, 'latin1'),
]);

export interface DataFrame {
  control: false;
  streamId: number;
  flags: number;
  data: Buffer;
}

export interface ControlFrame {
  control: true;
  version: number;
  type: number;
  flags: number;
  payload: Buffer;
}

export type Frame = DataFrame | ControlFrame;

export class SpdyProtocolError extends Error {}

/** Largest frame the server reads: kubectl writes its copy buffer, 32 KiB, per DATA frame. */
export const MAX_READ_PAYLOAD = 1024 * 1024;

/** Splits a byte stream into frames; bytes of an unfinished frame wait for the next chunk. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxPayload = MAX_READ_PAYLOAD) {}

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buffered.length >= HEADER_BYTES) {
      const length = this.buffered.readUInt32BE(4) & MAX_FRAME_PAYLOAD;
      if (length > this.maxPayload) throw new SpdyProtocolError(`frame of ${length} bytes exceeds ${this.maxPayload}`);
      if (this.buffered.length < HEADER_BYTES + length) break;
      const flags = this.buffered[4];
      const payload = this.buffered.subarray(HEADER_BYTES, HEADER_BYTES + length);
      const first = this.buffered.readUInt32BE(0);
      if (first & 0x80000000) frames.push({ control: true, version: (first >>> 16) & 0x7fff, type: first & 0xffff, flags, payload });
      else frames.push({ control: false, streamId: first & STREAM_ID_MASK, flags, data: payload });
      this.buffered = this.buffered.subarray(HEADER_BYTES + length);
    }
    return frames;
  }
}

function frameHeader(first: number, flags: number, length: number): Buffer {
  if (length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`frame of ${length} bytes exceeds the 24-bit length field`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(first >>> 0, 0);
  header.writeUInt32BE(((flags & 0xff) << 24) | length, 4);
  return header;
}

export function encodeControlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHeader(0x80000000 | (SPDY_VERSION << 16) | type, flags, payload.length), payload]);
}

export function encodeDataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader(streamId & STREAM_ID_MASK, flags, data.length), data]);
}

function words(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

export const encodeSynReply = (streamId: number, flags: number, compressedHeaders: Buffer) =>
  encodeControlFrame(FrameType.SynReply, flags, Buffer.concat([words(streamId & STREAM_ID_MASK), compressedHeaders]));
export const encodeRstStream = (streamId: number, status: number) => encodeControlFrame(FrameType.RstStream, 0, words(streamId & STREAM_ID_MASK, status));
export const encodePing = (id: number) => encodeControlFrame(FrameType.Ping, 0, words(id));
export const encodeGoAway = (lastGoodStreamId: number, status: number) => encodeControlFrame(FrameType.GoAway, 0, words(lastGoodStreamId & STREAM_ID_MASK, status));

export interface SynStream {
  streamId: number;
  associatedStreamId: number;
  priority: number;
  headerBlock: Buffer;
}

export function parseSynStream(payload: Buffer): SynStream {
  if (payload.length < 10) throw new SpdyProtocolError('SYN_STREAM shorter than 10 bytes');
  return {
    streamId: payload.readUInt32BE(0) & STREAM_ID_MASK,
    associatedStreamId: payload.readUInt32BE(4) & STREAM_ID_MASK,
    priority: payload[8] >>> 5,
    headerBlock: payload.subarray(10),
  };
}

/** The stream id the RST_STREAM, WINDOW_UPDATE, SYN_REPLY or HEADERS frame is about, and the 32-bit word after it. */
export function streamIdAndWord(payload: Buffer): { streamId: number; word: number } {
  if (payload.length < 4) throw new SpdyProtocolError('control frame too short');
  return { streamId: payload.readUInt32BE(0) & STREAM_ID_MASK, word: payload.length >= 8 ? payload.readUInt32BE(4) : 0 };
}

export type HeaderList = [name: string, value: string][];

/** A name/value header block before compression (section 2.6.10): names lowercase, repeated values joined by NUL. */
export function encodeHeaderBlock(headers: HeaderList): Buffer {
  const parts: Buffer[] = [words(headers.length)];
  for (const [name, value] of headers) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(words(n.length), n, words(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const read = (at: number, what: string): [Buffer, number] => {
    if (at + 4 > block.length) throw new SpdyProtocolError(`header block ends inside a ${what} length`);
    const length = block.readUInt32BE(at);
    if (at + 4 + length > block.length) throw new SpdyProtocolError(`header block ends inside a ${what}`);
    return [block.subarray(at + 4, at + 4 + length), at + 4 + length];
  };
  if (block.length < 4) throw new SpdyProtocolError('header block shorter than its count');
  const count = block.readUInt32BE(0);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const [name, afterName] = read(at, 'name');
    const [value, afterValue] = read(afterName, 'value');
    at = afterValue;
    const key = name.toString('utf8').toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), ...value.toString('utf8').split('\0')]);
  }
  return headers;
}

/** Largest header block the server inflates: spdystream's headers are a few dozen bytes. */
const MAX_HEADER_BLOCK_BYTES = 64 * 1024;

/**
 * One direction's zlib context: every header block of a connection continues the same
 * stream, ended by a sync flush, so each frame's bytes inflate on their own.
 */
class ZlibContext {
  private output: Buffer[] = [];
  private size = 0;
  private failure: Error | undefined;
  /** The block being processed fails at once when zlib does: after an error no flush callback comes. */
  private pending: ((err: Error) => void) | undefined;

  constructor(private readonly stream: Deflate | Inflate) {
    stream.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size > MAX_HEADER_BLOCK_BYTES) this.failure = new SpdyProtocolError('header block too large');
      else this.output.push(chunk);
    });
    stream.on('error', (err: Error) => {
      this.failure = new SpdyProtocolError(`header block: ${err.message}`);
      this.pending?.(this.failure);
    });
  }

  process(input: Buffer): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = reject;
      this.stream.write(input);
      this.stream.flush(constants.Z_SYNC_FLUSH, () => {
        this.pending = undefined;
        const result = Buffer.concat(this.output);
        this.output = [];
        this.size = 0;
        if (this.failure) reject(this.failure);
        else resolve(result);
      });
    });
  }

  close(): void {
    this.stream.close();
  }
}

export class HeaderCompressor {
  private readonly context = new ZlibContext(createDeflate({ dictionary: HEADER_DICTIONARY }));
  compress(headers: HeaderList): Promise<Buffer> {
    return this.context.process(encodeHeaderBlock(headers));
  }
  close(): void {
    this.context.close();
  }
}

export class HeaderDecompressor {
  private readonly context = new ZlibContext(createInflate({ dictionary: HEADER_DICTIONARY }));
  async decompress(block: Buffer): Promise<Map<string, string[]>> {
    return decodeHeaderBlock(await this.context.process(block));
  }
  close(): void {
    this.context.close();
  }
}

/** A stream the client opened: its headers, what it sends, and the server's half. */
export interface SpdyStream {
  id: number;
  headers: Map<string, string[]>;
  header(name: string): string | undefined;
  /** Bytes the client sends on the stream. */
  onData(listener: (data: Buffer) => void): void;
  /** The client half-closed (FIN) or reset the stream. */
  onEnd(listener: () => void): void;
  write(data: Buffer | string): void;
  /** Half-close: a DATA frame with FIN, as spdystream's Stream.Close. */
  close(): void;
  reset(status: number): void;
}

export interface Transport {
  write(bytes: Buffer): void;
  close(): void;
}

interface StreamState {
  stream: SpdyStream;
  dataListeners: ((data: Buffer) => void)[];
  endListeners: (() => void)[];
  remoteClosed: boolean;
  localClosed: boolean;
}

/** Most streams one connection may hold open: kubectl opens two per forwarded connection. */
const MAX_OPEN_STREAMS = 1000;

/**
 * The server's side of a SPDY connection over a transport: every SYN_STREAM is answered
 * with an empty SYN_REPLY (as k8s.io/apimachinery's httpstream/spdy server does) after
 * `onStream` has seen it; PINGs are echoed; GOAWAY or a protocol error ends the connection.
 */
export class SpdyServerConnection {
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, StreamState>();
  /** Frames are handled one after another: header blocks inflate asynchronously, in order. */
  private queue: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly transport: Transport,
    /**
     * Sees each new stream before its SYN_REPLY: returns what to run once the reply is sent,
     * or undefined to refuse the stream with RST_STREAM.
     */
    private readonly onStream: (stream: SpdyStream) => (() => void) | undefined,
  ) {}

  /** Bytes from the client. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.fail(err);
      return;
    }
    for (const frame of frames) this.queue = this.queue.then(() => (this.closed ? undefined : this.handle(frame))).catch((err: unknown) => this.fail(err));
  }

  /** Settles once every frame received so far has been handled, its replies written. */
  handled(): Promise<void> {
    return this.queue;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The transport went away, or the server ends the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const state of this.streams.values()) this.endRemote(state);
    this.streams.clear();
    this.compressor.close();
    this.decompressor.close();
    this.transport.close();
    for (const listener of this.closeListeners) listener();
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    if (err instanceof SpdyProtocolError) this.send(encodeGoAway(this.lastStreamId, RstStatus.ProtocolError));
    this.close();
  }

  private send(bytes: Buffer): void {
    if (!this.closed) this.transport.write(bytes);
  }

  private endRemote(state: StreamState): void {
    if (state.remoteClosed) return;
    state.remoteClosed = true;
    for (const listener of state.endListeners) listener();
  }

  private forget(state: StreamState): void {
    if (state.remoteClosed && state.localClosed) this.streams.delete(state.stream.id);
  }

  private async handle(frame: Frame): Promise<void> {
    if (!frame.control) {
      const state = this.streams.get(frame.streamId);
      if (!state || state.remoteClosed) {
        // Section 2.4.2: data on a stream never opened is INVALID_STREAM, after the sender's FIN STREAM_ALREADY_CLOSED.
        this.send(encodeRstStream(frame.streamId, state ? RstStatus.StreamAlreadyClosed : RstStatus.InvalidStream));
        return;
      }
      if (frame.data.length > 0) for (const listener of state.dataListeners) listener(frame.data);
      if (frame.flags & FLAG_FIN) {
        this.endRemote(state);
        this.forget(state);
      }
      return;
    }
    if (frame.version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${frame.version}`);
    switch (frame.type) {
      case FrameType.SynStream:
        return this.accept(frame);
      case FrameType.Headers: {
        // A header block still has to be inflated to keep the compression context in step.
        const { streamId } = streamIdAndWord(frame.payload);
        await this.decompressor.decompress(frame.payload.subarray(4));
        const state = this.streams.get(streamId);
        if (state && frame.flags & FLAG_FIN) this.endRemote(state);
        return;
      }
      case FrameType.RstStream: {
        const state = this.streams.get(streamIdAndWord(frame.payload).streamId);
        if (state) {
          state.localClosed = true;
          this.endRemote(state);
          this.forget(state);
        }
        return;
      }
      case FrameType.Ping:
        if (frame.payload.length !== 4) throw new SpdyProtocolError('PING payload is not 4 bytes');
        this.send(encodePing(frame.payload.readUInt32BE(0)));
        return;
      case FrameType.GoAway:
        this.close();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, and unknown types, which section 2.2.1 says to ignore.
        return;
    }
  }

  private async accept(frame: ControlFrame): Promise<void> {
    const syn = parseSynStream(frame.payload);
    const headers = await this.decompressor.decompress(syn.headerBlock);
    if (syn.streamId === 0 || syn.streamId % 2 === 0 || syn.streamId <= this.lastStreamId) {
      this.send(encodeRstStream(syn.streamId, RstStatus.ProtocolError));
      return;
    }
    this.lastStreamId = syn.streamId;
    if (this.streams.size >= MAX_OPEN_STREAMS) {
      this.send(encodeRstStream(syn.streamId, RstStatus.RefusedStream));
      return;
    }
    const state: StreamState = { stream: undefined as unknown as SpdyStream, dataListeners: [], endListeners: [], remoteClosed: false, localClosed: false };
    const id = syn.streamId;
    state.stream = {
      id,
      headers,
      header: (name) => headers.get(name.toLowerCase())?.[0],
      onData: (listener) => state.dataListeners.push(listener),
      onEnd: (listener) => state.endListeners.push(listener),
      write: (data) => {
        if (state.localClosed) return;
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        for (let at = 0; at < bytes.length; at += MAX_DATA_CHUNK) this.send(encodeDataFrame(id, 0, bytes.subarray(at, at + MAX_DATA_CHUNK)));
      },
      close: () => {
        if (state.localClosed) return;
        state.localClosed = true;
        this.send(encodeDataFrame(id, FLAG_FIN, Buffer.alloc(0)));
        this.forget(state);
      },
      reset: (status) => {
        if (state.localClosed && state.remoteClosed) return;
        state.localClosed = true;
        this.send(encodeRstStream(id, status));
        this.endRemote(state);
        this.forget(state);
      },
    };
    if (frame.flags & FLAG_FIN) state.remoteClosed = true;
    this.streams.set(id, state);
    // The reply is compressed before the stream is offered, so nothing the handler writes can overtake it.
    const reply = encodeSynReply(id, 0, await this.compressor.compress([]));
    if (this.closed) return;
    const opened = this.onStream(state.stream);
    if (!opened) {
      this.streams.delete(id);
      this.send(encodeRstStream(id, RstStatus.Cancel));
      return;
    }
    this.send(reply);
    opened();
  }
}

/** DATA frames the server writes are cut to this size, as spdystream's writes are bounded by its copy buffer. */
const MAX_DATA_CHUNK = 32 * 1024;
