/** Runs once per console process when the server starts: the metrics listener, the HPA history recorder, the terminal WebSocket, and the drain on SIGTERM. */
export async function register(): Promise<void> {
  // Not in the edge runtime, and not while `next build` prerenders.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startMetricsServer } = await import('./server/observability/metrics-server');
  startMetricsServer();
  const { startHpaRecorder } = await import('./server/hpa/recorder');
  startHpaRecorder();
  const { installTerminalUpgrade } = await import('./server/terminal/hook');
  const { isTerminalPath, terminalUpgradeHandler } = await import('./server/terminal/upgrade');
  installTerminalUpgrade(isTerminalPath, terminalUpgradeHandler());
  // Next.js's own handler closes the server and exits 143 without draining; it steps aside when this is set.
  if (process.env.NEXT_MANUAL_SIG_HANDLE === 'true') {
    const { handleShutdownSignals } = await import('./server/shutdown');
    handleShutdownSignals();
  }
}
