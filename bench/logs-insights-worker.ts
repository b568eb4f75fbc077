/**
 * A worker thread of the bench's parallel engine run: for each job, a fresh run of the query
 * over its byte range of the file, answered with the run's partial aggregates.
 */
import { parentPort } from 'node:worker_threads';
import { QueryRun } from '@/lib/logs-insights';
import { scanRange } from './logs-insights-scan';

export interface ScanJob {
  file: string;
  query: string;
  start: number;
  end: number;
}

parentPort!.on('message', (job: ScanJob) => {
  const run = new QueryRun(job.query);
  scanRange(job.file, run, job.start, job.end);
  parentPort!.postMessage(run.partial());
});
// Loaded and listening: the pool starts timing only now.
parentPort!.postMessage('ready');
