/**
 * SPDY/3.1 framing against two sources:
 * - the frame layouts of draft-mbelshe-httpbis-spdy-00 (section 2.2 control and data frames, 2.6
 *   the control frame types, 2.6.10.1 the header compression dictionary);
 * - the bytes kubectl v1.32.4 sent to the sandbox when it forwarded two connections
 *   (`kubectl port-forward pod/backend-app-… 18080:8080`, two curl requests): its SYN_STREAMs, whose
 *   header blocks Go's compress/zlib wrote with the dictionary at level 9 ("78 f9" and the dictionary's
 *   Adler-32, e3 c6 a7 c2), as one zlib stream across the connection.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeHeaderBlock,
  encodeControlFrame,
  encodeDataFrame,
  encodeGoAway,
  encodeHeaderBlock,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  FLAG_FIN,
  FrameReader,
  FrameType,
  HEADER_DICTIONARY,
  HeaderCompressor,
  HeaderDecompressor,
  parseSynStream,
  SpdyProtocolError,
  SpdyServerConnection,
  type SpdyStream,
} from './spdy';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** kubectl's four SYN_STREAMs, in the order it sent them on one connection. */
const KUBECTL_SYN_STREAMS = [
  '80030001 0000003e 00000001 00000000 0000 78f9e3c6a7c202253a48f95b044eea160616060c0c0c9c4590f8ca04a5634603704a2c294a4dcc851636aca9a0a800000000ffff',
  '80030001 0000001a 00000003 00000000 0000 826a469502954389848d04000000ffff',
  '80030001 00000018 00000005 00000000 0000 c2aa176e2c7ecd8600000000ffff',
  '80030001 00000017 00000007 00000000 0000 826ac61425c22900000000ffff',
].map(hex);

/** spdystream's Stream.Close: an empty DATA frame with FIN, here on stream 1. */
const KUBECTL_FIN_STREAM_1 = hex('00000001 01000000');

describe('the header compression dictionary', () => {
  it('is the 1423 bytes of section 2.6.10.1, which inflate kubectl’s header blocks', () => {
    expect(HEADER_DICTIONARY.length).toBe(1423);
    expect(HEADER_DICTIONARY.subarray(0, 11)).toEqual(hex('00000007 6f7074696f6e73')); // "options" with its length
    expect(HEADER_DICTIONARY.subarray(-7).toString('latin1')).toBe(',enq=0.');
    // zlib checks the dictionary's Adler-32 against the DICTID kubectl's stream names (e3c6a7c2): a wrong byte throws here.
    const block = parseSynStream(KUBECTL_SYN_STREAMS[0].subarray(8)).headerBlock;
    expect(block.subarray(2, 6)).toEqual(hex('e3c6a7c2'));
    const raw = inflateSync(block, { dictionary: HEADER_DICTIONARY, finishFlush: 2 /* Z_SYNC_FLUSH */ });
    expect(decodeHeaderBlock(raw)).toEqual(
      new Map([
        ['streamtype', ['error']],
        ['port', ['8080']],
        ['requestid', ['0']],
      ]),
    );
  });
});

describe('frames', () => {
  it('reads kubectl’s SYN_STREAM however the bytes are split', () => {
    const reader = new FrameReader();
    const bytes = Buffer.concat([KUBECTL_SYN_STREAMS[0], KUBECTL_FIN_STREAM_1]);
    const frames = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(frames).toHaveLength(2);
    const [syn, fin] = frames;
    expect(syn).toMatchObject({ control: true, version: 3, type: FrameType.SynStream, flags: 0 });
    expect(parseSynStream((syn as { payload: Buffer }).payload)).toMatchObject({ streamId: 1, associatedStreamId: 0, priority: 0 });
    expect(fin).toEqual({ control: false, streamId: 1, flags: FLAG_FIN, data: Buffer.alloc(0) });
  });

  it('writes control and data frames in the layouts of section 2.2 and 2.6', () => {
    // PING (2.6.5): type 6, length 4, the 32-bit id.
    expect(encodePing(1)).toEqual(hex('80030006 00000004 00000001'));
    // RST_STREAM (2.6.3): stream id, then status; 5 is CANCEL.
    expect(encodeRstStream(3, 5)).toEqual(hex('80030003 00000008 00000003 00000005'));
    // GOAWAY (2.6.6): last good stream id, then status; 1 is PROTOCOL_ERROR.
    expect(encodeGoAway(7, 1)).toEqual(hex('80030007 00000008 00000007 00000001'));
    // DATA (2.2.2): C bit clear, stream id, flags, 24-bit length.
    expect(encodeDataFrame(3, FLAG_FIN, Buffer.from('ok'))).toEqual(hex('00000003 01000002 6f6b'));
    // SYN_REPLY (2.6.2): stream id then the header block.
    expect(encodeSynReply(5, 0, hex('aabb'))).toEqual(hex('80030002 00000006 00000005 aabb'));
    expect(encodeControlFrame(FrameType.WindowUpdate, 0, hex('00000001 00010000'))).toEqual(hex('80030009 00000008 00000001 00010000'));
  });

  it('refuses a frame longer than it reads', () => {
    const reader = new FrameReader(16);
    expect(() => reader.push(hex('00000001 00000011'))).toThrow(SpdyProtocolError);
  });

  it('encodes a name/value block as section 2.6.10 lays it out, and refuses a truncated one', () => {
    expect(encodeHeaderBlock([['Port', '8080']])).toEqual(hex('00000001 00000004 706f7274 00000004 38303830'));
    expect(decodeHeaderBlock(hex('00000001 00000004 706f7274 00000003 610062'))).toEqual(new Map([['port', ['a', 'b']]]));
    expect(() => decodeHeaderBlock(hex('00000001 00000004 706f72'))).toThrow('header block ends inside a name');
    expect(() => decodeHeaderBlock(hex('00000002 00000001 61 00000000'))).toThrow('header block ends inside a name length');
  });
});

describe('header compression', () => {
  it('inflates kubectl’s four header blocks in one context, each later block leaning on the earlier ones', async () => {
    const decompressor = new HeaderDecompressor();
    const seen = [];
    for (const frame of KUBECTL_SYN_STREAMS) seen.push(Object.fromEntries(await decompressor.decompress(parseSynStream(frame.subarray(8)).headerBlock)));
    decompressor.close();
    expect(seen).toEqual([
      { streamtype: ['error'], port: ['8080'], requestid: ['0'] },
      { streamtype: ['data'], port: ['8080'], requestid: ['0'] },
      { streamtype: ['error'], port: ['8080'], requestid: ['1'] },
      { streamtype: ['data'], port: ['8080'], requestid: ['1'] },
    ]);
  });

  it('writes blocks a fresh inflater with the dictionary reads back, in order', async () => {
    const compressor = new HeaderCompressor();
    const first = await compressor.compress([]);
    const second = await compressor.compress([['status', '200 OK']]);
    compressor.close();
    expect(first.subarray(0, 6)).toEqual(hex('78bb e3c6a7c2')); // zlib header with FDICT, then the dictionary's Adler-32
    const decompressor = new HeaderDecompressor();
    expect(await decompressor.decompress(first)).toEqual(new Map());
    expect(await decompressor.decompress(second)).toEqual(new Map([['status', ['200 OK']]]));
    decompressor.close();
  });
});

/** A connection whose output is collected frame by frame. */
function serverConnection(accept: (stream: SpdyStream) => (() => void) | undefined) {
  const written: Buffer[] = [];
  let closed = false;
  const connection = new SpdyServerConnection({ write: (b) => written.push(b), close: () => (closed = true) }, accept);
  const reader = new FrameReader();
  // Header blocks inflate and deflate asynchronously: a loaded machine takes longer than any fixed wait.
  const settle = () => connection.handled();
  return { connection, frames: () => reader.push(Buffer.concat(written.splice(0))), settle, closed: () => closed };
}

describe('SpdyServerConnection', () => {
  it('replies to kubectl’s streams, passes their bytes and FIN on, and echoes PINGs', async () => {
    const streams: SpdyStream[] = [];
    const received: string[] = [];
    const c = serverConnection((stream) => {
      streams.push(stream);
      stream.onData((d) => received.push(`${stream.id}:${d.toString()}`));
      stream.onEnd(() => received.push(`${stream.id}:end`));
      return () => stream.write(`hello ${stream.header('streamType')}`);
    });
    c.connection.receive(Buffer.concat([KUBECTL_SYN_STREAMS[0], KUBECTL_FIN_STREAM_1, KUBECTL_SYN_STREAMS[1]]));
    c.connection.receive(Buffer.concat([encodeDataFrame(3, 0, Buffer.from('GET / HTTP/1.1\r\n\r\n')), encodePing(2)]));
    await c.settle();
    expect(streams.map((s) => [s.id, s.header('port'), s.header('requestID')])).toEqual([
      [1, '8080', '0'],
      [3, '8080', '0'],
    ]);
    expect(received).toEqual(['1:end', '3:GET / HTTP/1.1\r\n\r\n']);
    const frames = c.frames();
    // SYN_REPLY for 1 (its empty header block opens the server's zlib stream), its greeting, then the same for 3, then the PING back.
    expect(frames.map((f) => (f.control ? `control ${f.type}` : `data ${f.streamId} ${f.data.toString()}`))).toEqual([
      `control ${FrameType.SynReply}`,
      'data 1 hello error',
      `control ${FrameType.SynReply}`,
      'data 3 hello data',
      `control ${FrameType.Ping}`,
    ]);
    expect(frames[4]).toMatchObject({ payload: hex('00000002') });
    streams[1].close();
    expect(c.frames()).toEqual([{ control: false, streamId: 3, flags: FLAG_FIN, data: Buffer.alloc(0) }]);
  });

  it('resets a stream the handler refuses, data for a stream it does not know, and data after a FIN', async () => {
    const c = serverConnection(() => undefined);
    c.connection.receive(Buffer.concat([KUBECTL_SYN_STREAMS[0], encodeDataFrame(9, 0, Buffer.from('x'))]));
    await c.settle();
    expect(c.frames().map((f) => (f.control ? [f.type, f.payload.toString('hex')] : []))).toEqual([
      [FrameType.RstStream, '0000000100000005'],
      [FrameType.RstStream, '0000000900000002'],
    ]);
    // Data after the client's own FIN: STREAM_ALREADY_CLOSED (9).
    const open = serverConnection(() => () => {});
    open.connection.receive(Buffer.concat([KUBECTL_SYN_STREAMS[0], KUBECTL_FIN_STREAM_1, encodeDataFrame(1, 0, Buffer.from('late'))]));
    await open.settle();
    expect(open.frames().map((f) => (f.control ? [f.type, f.payload.toString('hex')] : []))).toEqual([
      [FrameType.SynReply, expect.any(String)],
      [FrameType.RstStream, '0000000100000009'],
    ]);
  });

  it('ends the connection with GOAWAY on a frame of another SPDY version or a header block that does not inflate', async () => {
    for (const bad of [hex('80020006 00000004 00000001'), hex('80030001 0000000e 00000001 00000000 0000 deadbeef')]) {
      const c = serverConnection(() => () => {});
      c.connection.receive(bad);
      await c.settle();
      expect(c.frames()).toEqual([{ control: true, version: 3, type: FrameType.GoAway, flags: 0, payload: hex('00000000 00000001') }]);
      expect(c.closed()).toBe(true);
    }
  });
});
