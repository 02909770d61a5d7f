/**
 * For the simulators' CLIs: SIGINT and SIGTERM close the simulator (once) and exit. Installed before the
 * ready line is printed, so that a signal sent the moment it is read never kills the process uncleanly.
 */
export function closeOnSignal(name: string, current: () => { close(): Promise<void> } | undefined): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    (current()?.close() ?? Promise.resolve()).then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`${name}: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
