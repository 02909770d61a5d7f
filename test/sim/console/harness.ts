/**
 * A console simulator per vitest file:
 *
 *   const consoleSim = useConsoleSim({ token: 'tok' });
 *   it('...', async () => { consoleSim.sim.script('upload', [{ status: 503 }]); ... consoleSim.caFile ... });
 *
 * Starts in beforeAll, stops in afterAll, which also removes the CA file. `sim` can only be read once
 * beforeAll has run (inside hooks and tests).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startConsoleSim } from './index.ts';
import type { ConsoleSim, ConsoleSimOptions } from './index.ts';

export interface ConsoleSimHandle {
  /** The running simulator (throws before beforeAll has run). */
  readonly sim: ConsoleSim;
  /** The simulator's CA in a PEM file (a client's CA bundle file), written in beforeAll. */
  readonly caFile: string;
}

export function useConsoleSim(options: ConsoleSimOptions): ConsoleSimHandle {
  const dir = mkdtempSync(join(tmpdir(), 'console-sim-'));
  const caFile = join(dir, 'ca.pem');
  let sim: ConsoleSim | undefined;
  beforeAll(async () => {
    sim = await startConsoleSim(options);
    writeFileSync(caFile, sim.caPem);
  });
  afterAll(async () => {
    try {
      await sim?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    get sim(): ConsoleSim {
      if (sim === undefined) throw new Error('useConsoleSim: the simulator starts in beforeAll; read .sim inside hooks and tests');
      return sim;
    },
    caFile,
  };
}
