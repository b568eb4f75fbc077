import 'server-only';
import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from './context';
import { observabilitySettings, type ObservabilitySettings } from './settings';

/**
 * Keys whose values never reach a log line, at the top of a logged object and five levels
 * down (a request's headers, an error's options).
 */
export const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'setCookie',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'bearer',
  'password',
  'secret',
  'sessionSecret',
  'session',
  'sessionId',
  'csrf',
  'csrfToken',
  'x-csrf-token',
  'watchdeck_session',
  'watchdeck_csrf',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'credentials',
  'x-amz-security-token',
];

const SECRET = new Set(SECRET_KEYS);
const CENSOR = '[redacted]';
/** Levels of a logged object searched for SECRET_KEYS: the top and five below it. */
const REDACT_DEPTH = 6;

/**
 * `value` as it will be written, with the value of every SECRET_KEYS key in its first REDACT_DEPTH levels replaced,
 * as pino's `redact` would with the paths `key`, `*.key`, `*.*.key` and so on. The logged object is left as it was: the
 * levels searched are copied. A value that serializes itself (a Date, a Buffer, a URL) is left whole.
 *
 * Written out rather than given to pino's `redact`, whose wildcard paths cost about 70 µs a line, 25 times the line
 * itself, on every request the console logs; this costs about a microsecond on a request's line.
 */
export function redactSecrets(value: Record<string, unknown>, depth = REDACT_DEPTH): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = SECRET.has(key) ? CENSOR : redactNested(value[key], depth - 1);
  return out;
}

function redactNested(value: unknown, depth: number): unknown {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (Array.isArray(value)) return value.map((item) => redactNested(item, depth - 1));
  return redactSecrets(value as Record<string, unknown>, depth);
}

/** One line per record, `HH:MM:SS.mmm LEVEL message key=value …`, for a person at a terminal. */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json);
  } catch {
    return json;
  }
  const { time, level, msg, ...rest } = record;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const label = String(level).toUpperCase();
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [clock, label.padEnd(5), msg ?? '', ...fields].filter((part) => part !== '').join(' ');
}

function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString('utf8');
      out.write(
        text
          .split('\n')
          .filter(Boolean)
          .map((line) => `${prettyLine(line)}\n`)
          .join(''),
      );
      callback();
    },
  });
}

/** A logger writing to `out` (standard output by default) in the settings' format. */
export function createLogger(settings: Pick<ObservabilitySettings, 'logLevel' | 'logFormat'>, out?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level: settings.logLevel,
      base: { service: 'watchdeck' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // An error is serialized here, before the search for secrets, rather than by pino after it.
        log: (object) => redactSecrets(object.err instanceof Error ? { ...object, err: pino.stdSerializers.err(object.err) } : object),
      },
      serializers: { err: (err: unknown) => err },
      // Every line written while a request is answered names it.
      mixin: () => {
        const id = currentRequest()?.id;
        return id ? { reqId: id } : {};
      },
    },
    settings.logFormat === 'pretty' ? prettyStream(out ?? process.stdout) : (out ?? pino.destination({ fd: 1, sync: true })),
  );
}

const holder = globalThis as unknown as { __watchdeckLogger?: Logger };

function processLogger(): Logger {
  try {
    return createLogger(observabilitySettings());
  } catch (err) {
    const fallback = createLogger({ logLevel: 'info', logFormat: 'json' });
    fallback.error({ err }, 'logging settings ignored; logging at info as JSON');
    return fallback;
  }
}

/** The process's logger (WATCHDECK_LOG_LEVEL, WATCHDECK_LOG_FORMAT). */
export function log(): Logger {
  holder.__watchdeckLogger ??= processLogger();
  return holder.__watchdeckLogger;
}

/** Sends the process's log lines to `destination` until the returned function is called (tests). */
export function redirectLogs(destination: NodeJS.WritableStream, level: ObservabilitySettings['logLevel'] = 'trace'): () => void {
  const previous = holder.__watchdeckLogger;
  holder.__watchdeckLogger = createLogger({ logLevel: level, logFormat: 'json' }, destination);
  return () => {
    holder.__watchdeckLogger = previous;
  };
}
