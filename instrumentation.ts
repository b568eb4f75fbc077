/** Runs once per console process when the server starts: the metrics listener and the HPA history recorder. */
export async function register(): Promise<void> {
  // Not in the edge runtime, and not while `next build` prerenders.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startMetricsServer } = await import('./server/observability/metrics-server');
  startMetricsServer();
  const { startHpaRecorder } = await import('./server/hpa/recorder');
  startHpaRecorder();
}
