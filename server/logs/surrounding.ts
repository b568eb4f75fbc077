import 'server-only';
import { GetLogEventsCommand, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { logsClient } from '../aws/clients';
import { consoleErrors } from '../errors';
import { logRecord } from './log-groups';
import { messageNamespace, type LogAccess } from '@/lib/logs/restrict';
import { surroundingLines, type StreamEvent, type SurroundingLine } from '@/lib/logs/surrounding';

/** Events read past the record's own millisecond: a stack trace's lines often share the record's. */
const SAME_MILLISECOND_ROOM = 50;

export interface Surrounding {
  logGroup: string;
  logStream: string;
  lines: SurroundingLine[];
}

function streamEvents(events: OutputLogEvent[] | undefined, access: LogAccess): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const e of events ?? []) {
    if (e.timestamp === undefined || e.message === undefined) continue;
    // A stream is one container's, so this drops nothing the record's own check let through; it keeps it so if a stream ever mixes.
    if (!access.clusterWide && !access.namespaces.includes(messageNamespace(e.message) ?? '')) continue;
    out.push({ timestamp: e.timestamp, message: e.message });
  }
  return out;
}

/**
 * The lines of a record's log stream around it (GetLogEvents on its @logStream, before and from its @timestamp).
 * The record is read first with GetLogRecord under the caller's access, so a pointer the caller may not read
 * is not found here either, and only the stream that record names is read.
 */
export async function surroundingEvents(ptr: string, context: string, access: LogAccess, before: number, after: number): Promise<Surrounding> {
  const record = await logRecord(ptr, context, access);
  const logGroup = (record['@log'] ?? '').replace(/^\d{12}:/, '');
  const logStream = record['@logStream'] ?? '';
  const timestamp = Number(record['@timestamp']);
  const message = record['@message'];
  if (!logGroup || !logStream || !Number.isSafeInteger(timestamp) || message === undefined) {
    throw consoleErrors.notFound('this record names no log stream and time to read around');
  }
  const client = logsClient();
  const [earlier, fromRecord] = await Promise.all([
    client.send(new GetLogEventsCommand({ logGroupName: logGroup, logStreamName: logStream, endTime: timestamp, limit: before, startFromHead: false })),
    client.send(new GetLogEventsCommand({ logGroupName: logGroup, logStreamName: logStream, startTime: timestamp, limit: after + SAME_MILLISECOND_ROOM, startFromHead: true })),
  ]);
  const self = { timestamp, message };
  const lines = surroundingLines(self, streamEvents(earlier.events, access), streamEvents(fromRecord.events, access), before, after);
  // More lines in the record's millisecond than were read: the record alone, rather than neighbours in the wrong place.
  return { logGroup, logStream, lines: lines ?? surroundingLines(self, [], [self], 0, 0)! };
}
