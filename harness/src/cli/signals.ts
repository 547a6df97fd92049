/**
 * The first SIGINT or SIGTERM aborts the run (which then rolls back and reports); a second SIGINT
 * exits at once, saying that things may be left in place.
 */
export function onInterrupt(log: (line: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      log(`${sig} received: stopping load and rolling back every fault (press Ctrl-C again to force exit)`);
      controller.abort(sig);
      return;
    }
    process.stderr.write('faultline: forced exit; faults or services of this run may still be in place\n');
    process.exit(sig === 'SIGTERM' ? 143 : 130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
