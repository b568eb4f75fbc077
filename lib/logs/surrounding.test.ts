import { describe, expect, it } from 'vitest';
import { lineText, surroundingLines } from './surrounding';

// A Fluent Bit record as Container Insights ships it: the container's line in `log`, its origin in `kubernetes`.
const fluent = (log: string) => JSON.stringify({ log, stream: 'stdout', kubernetes: { namespace_name: 'eks-work', pod_name: 'backend-app-1' } });

describe('lineText', () => {
  it("reads a Fluent Bit record's log field without its trailing newline, and any other message as it is", () => {
    expect(lineText(fluent('\tat java.base/java.lang.Thread.run(Thread.java:1583)\n'))).toBe('\tat java.base/java.lang.Thread.run(Thread.java:1583)');
    expect(lineText('plain text line')).toBe('plain text line');
    expect(lineText('{"no":"log field"}')).toBe('{"no":"log field"}');
    expect(lineText('{not json')).toBe('{not json');
  });
});

describe('surroundingLines', () => {
  const e = (timestamp: number, log: string) => ({ timestamp, message: fluent(log) });
  const trace = [
    e(1000, 'ERROR ... with root cause'),
    e(1000, ''),
    e(1000, 'java.lang.IllegalStateException: Order 1234 has no customer'),
    e(1000, '\tat OrderService.findOrder'),
    e(1000, '\tat Thread.run'),
    e(1001, 'INFO Health GET API called.'),
  ];

  it('places the record between the stream events before and after it, the same millisecond’s earlier events counting as before', () => {
    const lines = surroundingLines(trace[2], [e(990, 'INFO before')], trace, 20, 20)!;
    expect(lines.map((l) => [l.timestamp, l.text, l.record])).toEqual([
      [990, 'INFO before', false],
      [1000, 'ERROR ... with root cause', false],
      [1000, '', false],
      [1000, 'java.lang.IllegalStateException: Order 1234 has no customer', true],
      [1000, '\tat OrderService.findOrder', false],
      [1000, '\tat Thread.run', false],
      [1001, 'INFO Health GET API called.', false],
    ]);
  });

  it('keeps the nearest lines when more were fetched than asked for', () => {
    const lines = surroundingLines(trace[2], [e(990, 'INFO before')], trace, 1, 2)!;
    expect(lines.map((l) => l.text)).toEqual(['', 'java.lang.IllegalStateException: Order 1234 has no customer', '\tat OrderService.findOrder', '\tat Thread.run']);
  });

  it('is undefined when the events from the record’s millisecond do not hold it', () => {
    expect(surroundingLines(e(1000, 'gone'), [], trace, 5, 5)).toBeUndefined();
  });
});
