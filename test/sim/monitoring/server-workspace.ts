import { findMonitoringBinaries, MONITORING_MISSING_MESSAGE } from './binaries.ts';
import { CaTrustingClient } from './https-client.ts';
import { makeServerDir } from './temp-server-dir.ts';
import type { ServerDir } from './temp-server-dir.ts';

/** What starting either server needs first: its binary, its directory (CA, TLS, web config) and a client trusting it. */
export interface ServerWorkspace {
  readonly binary: string;
  readonly files: ServerDir;
  readonly http: CaTrustingClient;
  /** Registers how to stop the process once it runs. */
  stopWith(stop: () => Promise<void>): void;
  /** Stops the process (if it started), closes the client and removes the directory; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Finds the binary (failing with the install hint when it is missing) and prepares the per-run
 * directory and client, with one idempotent `close` that undoes all of it whatever stage was reached.
 */
export async function prepareServerWorkspace(kind: 'prometheus' | 'alertmanager'): Promise<ServerWorkspace> {
  const binary = findMonitoringBinaries()[kind];
  if (binary === undefined) throw new Error(MONITORING_MISSING_MESSAGE);
  const files = await makeServerDir(`${kind}-sim`);
  const http = new CaTrustingClient(files.caPem);
  let stop: (() => Promise<void>) | undefined;
  let closing: Promise<void> | undefined;
  return {
    binary, files, http,
    stopWith: (fn) => {
      stop = fn;
    },
    close: () => {
      closing ??= (async () => {
        try {
          await stop?.();
        } finally {
          await http.close();
          await files.remove();
        }
      })();
      return closing;
    },
  };
}
