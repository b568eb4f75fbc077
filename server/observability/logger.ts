import 'server-only';
import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from './context';
import { observabilitySettings, type ObservabilitySettings } from './settings';

/**
 * Keys whose values never reach a log line, at the top of a logged object and two levels
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

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return [k.startsWith('.') ? key : k, `*${k}`, `*.*${k}`];
});

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
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
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
