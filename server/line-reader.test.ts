import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLines } from './k8s/watch';
import { LineReader, readLines, readText } from './line-reader';

/** Korean from the console's messages, a 4-byte emoji and a ZWJ sequence (woman, U+200D, laptop). */
const KOREAN = '[백엔드 오류] 로그 그룹 🚨 👩‍💻 끝';
const TEXT = `${KOREAN}\nsecond 🚨 line\n${KOREAN}`;
const BYTES = Buffer.from(TEXT, 'utf8');
/** The lines as written: the last one has no newline after it. */
const LINES = [KOREAN, 'second 🚨 line', KOREAN];

/** A body that gives exactly these chunks, one read each. */
function body(chunks: Uint8Array[]): Readable {
  return Readable.from(chunks, { objectMode: true });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('UTF-8 line reader', () => {
  it('the test line has multibyte characters of every length: 3-byte Hangul, 4-byte emoji, 3-byte ZWJ', () => {
    // 백 is U+BC31 (3 bytes), 🚨 U+1F6A8 (4 bytes), the joiner U+200D (3 bytes).
    expect([...Buffer.from('백')]).toEqual([0xeb, 0xb0, 0xb1]);
    expect([...Buffer.from('🚨')]).toEqual([0xf0, 0x9f, 0x9a, 0xa8]);
    expect(KOREAN).toContain('\u{1F469}\u200D\u{1F4BB}');
  });

  it('gives the exact lines however the bytes are cut in two', async () => {
    for (let cut = 0; cut <= BYTES.length; cut++) {
      const lines = await collect(readLines(body([BYTES.subarray(0, cut), BYTES.subarray(cut)])));
      expect([cut, lines]).toEqual([cut, LINES]);
    }
  });

  it('gives the exact lines from one byte at a time', async () => {
    const single = [...BYTES].map((b) => Uint8Array.of(b));
    expect(await collect(readLines(body(single)))).toEqual(LINES);
  });

  it('gives the exact text however the bytes are cut, each piece whole characters', async () => {
    for (let cut = 0; cut <= BYTES.length; cut++) {
      const pieces = await collect(readText(body([BYTES.subarray(0, cut), BYTES.subarray(cut)])));
      expect([cut, pieces.join('')]).toEqual([cut, TEXT]);
      for (const piece of pieces) expect(piece).not.toContain('\uFFFD');
    }
    expect((await collect(readText(body([...BYTES].map((b) => Uint8Array.of(b)))))).join('')).toBe(TEXT);
  });

  it('keeps a carriage return before the newline, as kubectl logs does, and yields a last line without newline', async () => {
    expect(await collect(readLines(body([Buffer.from('a\r\nb\r\n\nc')])))).toEqual(['a\r', 'b\r', '', 'c']);
    expect(await collect(readLines(body([Buffer.from('a\n')])))).toEqual(['a']);
    expect(await collect(readLines(body([])))).toEqual([]);
  });

  it('takes text chunks as they are', async () => {
    expect(await collect(readLines(Readable.from(['백엔드\n오', '류'])))).toEqual(['백엔드', '오류']);
  });

  it('ends a stream cut inside a character with one U+FFFD, as any malformed bytes', () => {
    const reader = new LineReader();
    expect(reader.push(Buffer.from('ok\n'))).toEqual(['ok']);
    expect(reader.push(Buffer.from('백').subarray(0, 2))).toEqual([]);
    expect(reader.end()).toEqual(['\uFFFD']);
  });

  it('reads a watch event whose Korean message is split at every byte', async () => {
    const event = { type: 'ADDED', object: { kind: 'Event', message: KOREAN, metadata: { annotations: { note: '로그 그룹 🚨' } } } };
    const wire = Buffer.from(`${JSON.stringify(event)}\n`);
    for (let cut = 0; cut <= wire.length; cut++) {
      expect([cut, await collect(jsonLines(body([wire.subarray(0, cut), wire.subarray(cut)])))]).toEqual([cut, [event]]);
    }
  });
});
