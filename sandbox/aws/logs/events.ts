/** GetLogEvents and FilterLogEvents over the sandbox's log store. */
import { FilterPatternError, parseFilterPattern, type FilterPattern } from '@/lib/logs-insights/filter-pattern';
import { AwsError } from '../server';
import { invalid, optionalBool, optionalInt, optionalString, optionalStrings, page, requireGroup, requiredString, type Input } from './params';
import type { LogStore, LogStream } from './store';

/** Events GetLogEvents and FilterLogEvents return at most in one response (also 1 MB). */
const MAX_EVENTS = 10_000;
const MAX_BYTES = 1024 * 1024;

export function compileFilterPattern(text: string): FilterPattern {
  try {
    return parseFilterPattern(text);
  } catch (e) {
    if (e instanceof FilterPatternError) throw invalid(e.message);
    throw e;
  }
}

export class LogEventsApi {
  constructor(private readonly store: LogStore) {}

  getLogEvents(input: Input) {
    const group = requireGroup(this.store, input);
    const name = requiredString(input, 'logStreamName', { min: 1, max: 512 });
    const stream = group.streams.get(name);
    if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const startTime = optionalInt(input, 'startTime', { min: 0 });
    const endTime = optionalInt(input, 'endTime', { min: 0 });
    const limit = optionalInt(input, 'limit', { min: 1, max: MAX_EVENTS }) ?? MAX_EVENTS;
    const startFromHead = optionalBool(input, 'startFromHead') ?? false;
    const token = optionalString(input, 'nextToken', { min: 1 });
    let direction: 'f' | 'b' = startFromHead ? 'f' : 'b';
    let boundary = startFromHead ? 0 : Infinity;
    if (token !== undefined) {
      const m = /^([fb])\/(\d+)$/.exec(token);
      if (!m) throw invalid('The specified nextToken is invalid.');
      direction = m[1] as 'f' | 'b';
      boundary = Number(m[2]);
    }
    const from = Math.max(startTime ?? -Infinity, group.cutoff(this.store.now()));
    const to = endTime ?? Infinity;
    // Events are kept in arrival order, which is time order for every stream the sandbox writes.
    const inRange = (seq: number) => {
      const t = stream.timestamps[seq - stream.dropped];
      return t >= from && t < to;
    };
    const picked: number[] = [];
    let bytes = 0;
    if (direction === 'f') {
      for (let seq = Math.max(boundary, stream.dropped); seq < stream.end && picked.length < limit && bytes < MAX_BYTES; seq++) {
        if (!inRange(seq)) continue;
        picked.push(seq);
        bytes += stream.messages[seq - stream.dropped].length + 26;
      }
    } else {
      for (let seq = Math.min(boundary, stream.end) - 1; seq >= stream.dropped && picked.length < limit && bytes < MAX_BYTES; seq--) {
        if (!inRange(seq)) continue;
        picked.push(seq);
        bytes += stream.messages[seq - stream.dropped].length + 26;
      }
      picked.reverse();
    }
    // At the end of the stream a token comes back unchanged, which is how readers know to stop.
    const first = picked[0];
    const last = picked[picked.length - 1];
    const here = direction === 'f' ? Math.max(boundary, stream.dropped) : Math.min(boundary, stream.end);
    return {
      events: picked.map((seq) => this.event(stream, seq)),
      nextForwardToken: `f/${last === undefined ? (direction === 'f' ? here : stream.end) : last + 1}`,
      nextBackwardToken: `b/${first === undefined ? (direction === 'b' ? here : stream.dropped) : first}`,
    };
  }

  private event(stream: LogStream, seq: number) {
    const i = seq - stream.dropped;
    return { timestamp: stream.timestamps[i], message: stream.messages[i], ingestionTime: stream.ingestionTimes[i] };
  }

  filterLogEvents(input: Input) {
    const group = requireGroup(this.store, input);
    const names = optionalStrings(input, 'logStreamNames', { min: 1, max: 100 });
    const prefix = optionalString(input, 'logStreamNamePrefix', { min: 1, max: 512 });
    if (names !== undefined && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    const startTime = optionalInt(input, 'startTime', { min: 0 });
    const endTime = optionalInt(input, 'endTime', { min: 0 });
    const limit = optionalInt(input, 'limit', { min: 1, max: MAX_EVENTS }) ?? MAX_EVENTS;
    const token = optionalString(input, 'nextToken', { min: 1 });
    const pattern = compileFilterPattern(optionalString(input, 'filterPattern', { min: 0, max: 1024 }) ?? '');
    const from = Math.max(startTime ?? -Infinity, group.cutoff(this.store.now()));
    const to = endTime ?? Infinity;
    let streams = [...group.streams.values()];
    if (names) {
      const wanted = new Set(names);
      streams = streams.filter((s) => wanted.has(s.name));
    } else if (prefix !== undefined) streams = streams.filter((s) => s.name.startsWith(prefix));
    const matches: { stream: LogStream; seq: number; timestamp: number }[] = [];
    for (const stream of streams) {
      for (let i = 0; i < stream.length; i++) {
        const t = stream.timestamps[i];
        if (t < from || t >= to || pattern.match(stream.messages[i]) === null) continue;
        matches.push({ stream, seq: stream.dropped + i, timestamp: t });
      }
    }
    matches.sort((a, b) => a.timestamp - b.timestamp || a.stream.id - b.stream.id || a.seq - b.seq);
    const p = page(matches, token, limit);
    return {
      events: p.items.map(({ stream, seq }) => ({
        logStreamName: stream.name,
        ...this.event(stream, seq),
        eventId: `${String(stream.timestamps[seq - stream.dropped]).padStart(16, '0')}${String(stream.id).padStart(8, '0')}${String(seq).padStart(12, '0')}`,
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
      ...(p.nextToken ? { nextToken: p.nextToken } : {}),
    };
  }
}
