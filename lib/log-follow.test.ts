import { describe, expect, it } from 'vitest';
import { followCutLine, LogBoundary, parseFollowCut, splitTimestamp, timestampKey } from './log-follow';

/** The lines a boundary keeps, in order. */
function kept(boundary: LogBoundary, stamps: string[]): string[] {
  return stamps.filter((stamp) => boundary.keep(stamp));
}

describe('resuming a followed log at its last timestamp', () => {
  it('splits the timestamp kubelet writes with timestamps=true from the text, spaces in the text kept', () => {
    expect(splitTimestamp('2026-12-06T12:00:00.123456789Z GET /healthz 200')).toEqual({ timestamp: '2026-12-06T12:00:00.123456789Z', text: 'GET /healthz 200' });
    expect(splitTimestamp('2026-12-06T12:00:00Z  indented')).toEqual({ timestamp: '2026-12-06T12:00:00Z', text: ' indented' });
    expect(splitTimestamp('[watchdeck] showing 5 of 7 log streams')).toBeUndefined();
  });

  it("orders RFC3339Nano timestamps as times, though Go's format trims trailing zeros (.5 is after .45)", () => {
    expect(timestampKey('2026-12-06T12:00:00.5Z')).toBe('2026-12-06T12:00:00.500000000');
    expect(timestampKey('2026-12-06T12:00:00.45Z') < timestampKey('2026-12-06T12:00:00.5Z')).toBe(true);
    expect(timestampKey('2026-12-06T12:00:00Z') < timestampKey('2026-12-06T12:00:00.000000001Z')).toBe(true);
    expect(timestampKey('2026-12-06T21:00:00.25+09:00')).toBe('2026-12-06T12:00:00.250000000');
  });

  it('drops on resume the lines already shown, the lines sharing the last timestamp counted, and keeps every new one', () => {
    const boundary = new LogBoundary();
    expect(kept(boundary, ['2026-12-06T12:00:00.1Z', '2026-12-06T12:00:00.2Z', '2026-12-06T12:00:00.2Z'])).toHaveLength(3);
    expect(boundary.timestamp).toBe('2026-12-06T12:00:00.2Z');
    boundary.resume();
    // sinceTime gives back the boundary's second again (an API server may keep only whole seconds): .1, both .2 lines, then a third .2 and .3 that are new.
    const again = ['2026-12-06T12:00:00.1Z', '2026-12-06T12:00:00.2Z', '2026-12-06T12:00:00.2Z', '2026-12-06T12:00:00.2Z', '2026-12-06T12:00:00.3Z'];
    expect(again.map((stamp) => boundary.keep(stamp))).toEqual([false, false, false, true, true]);
  });

  it('takes lines as they come outside a resume, even one stamped before the line above it', () => {
    const boundary = new LogBoundary();
    expect(kept(boundary, ['2026-12-06T12:00:01Z', '2026-12-06T12:00:00.9Z'])).toEqual(['2026-12-06T12:00:01Z', '2026-12-06T12:00:00.9Z']);
  });

  it('keeps everything after a resume when nothing was shown before it', () => {
    const boundary = new LogBoundary();
    boundary.resume();
    expect(kept(boundary, ['2026-12-06T12:00:00Z'])).toEqual(['2026-12-06T12:00:00Z']);
  });

  it('writes and reads back the line a cut follow ends with; other lines are not cuts', () => {
    const error = { kind: 'ClusterUnreachable', message: 'cannot reach the API server: connection reset (ECONNRESET)' };
    expect(followCutLine(error)).toBe(`[watchdeck] the follow was cut: ${JSON.stringify(error)}`);
    expect(parseFollowCut(followCutLine(error))).toEqual(error);
    expect(parseFollowCut('[watchdeck] the follow was cut: not json')).toBeUndefined();
    expect(parseFollowCut('2026-12-06T12:00:00Z [watchdeck] the follow was cut: {}')).toBeUndefined();
  });
});
