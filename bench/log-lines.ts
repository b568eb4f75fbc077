/**
 * What a log line costs the console: the request line every answer writes, and a line carrying an error and a
 * request's headers, through the console's logger (server/observability/logger.ts, its own redaction) and through
 * pino with its `redact` option on the same keys at the same depth, the way the logger redacted before. Both write
 * to a stream that drops the bytes; the same lines, the same warm-up and the same number of runs on both sides.
 *
 *   npx tsx --conditions=react-server bench/log-lines.ts [lines per run = 100000] [runs = 5]
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, SECRET_KEYS } from '../server/observability/logger';

const LINES = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 5);
const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

/** pino's redact paths for SECRET_KEYS at the top of a line and `below` levels down. */
const paths = (below: number) =>
  SECRET_KEYS.flatMap((key) => {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    return Array.from({ length: below + 1 }, (_, depth) => (depth === 0 ? (k.startsWith('.') ? key : k) : `${'*.'.repeat(depth).slice(0, -1)}${k}`));
  });
const withRedact = (below: number) =>
  pino(
    { base: { service: 'watchdeck' }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) }, redact: { paths: paths(below), censor: '[redacted]' } },
    sink(),
  );

// The console searches five levels down; it searched two with pino's redact before.
const loggers = { console: createLogger({ logLevel: 'info', logFormat: 'json' }, sink()), 'pino, 2 down': withRedact(2), 'pino, 5 down': withRedact(5) };

const request = { method: 'GET', route: '/api/v1/clusters/[cluster]/pods', status: 200, durationMs: 4.2, user: 'oncall', cluster: 'eks-work-cluster' };
const failure = {
  err: Object.assign(new Error('pods is forbidden: User "dev" cannot list resource "pods"'), { code: 403 }),
  request: { method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer dev.token', 'x-request-id': 'r-1' } },
};

for (const [line, object] of [
  ['request line', request],
  ['error with headers', failure],
] as const) {
  console.log(`${line}: ${LINES.toLocaleString('en')} lines a run, ${RUNS} runs after 1 warm-up`);
  const times: Record<string, number[]> = {};
  for (let run = 0; run <= RUNS; run++) {
    // The sides take turns within each run.
    for (const [name, logger] of Object.entries(loggers)) {
      const started = performance.now();
      for (let i = 0; i < LINES; i++) logger.info(object, 'request');
      const us = ((performance.now() - started) * 1000) / LINES;
      if (run > 0) (times[name] ??= []).push(us);
    }
  }
  for (const [name, us] of Object.entries(times)) console.log(`  ${name.padEnd(12)} µs a line: ${us.map((u) => u.toFixed(2)).join(', ')}`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const other of ['pino, 2 down', 'pino, 5 down']) console.log(`  console / ${other}: ${(median(times.console) / median(times[other])).toFixed(3)} (medians)`);
}
