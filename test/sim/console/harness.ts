/**
 * A console simulator per vitest file:
 *
 *   const consoleSim = useConsoleSim({ token: 'tok' });
 *   it('...', async () => { consoleSim.sim.script('upload', [{ status: 503 }]); ... consoleSim.caFile ... });
 *
 * Starts in beforeAll, stops in afterAll, which also removes the CA file. `sim` can only be read once
 * beforeAll has run (inside hooks and tests).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startConsoleSim } from './index.ts';
import type { ConsoleSim, ConsoleSimOptions } from './index.ts';
import { usePerFile } from '../use-per-file.ts';

export interface ConsoleSimHandle {
  /** The running simulator (throws before beforeAll has run). */
  readonly sim: ConsoleSim;
  /** The simulator's CA in a PEM file (a client's CA bundle file), written in beforeAll. */
  readonly caFile: string;
}

export function useConsoleSim(options: ConsoleSimOptions): ConsoleSimHandle {
  const perFile = usePerFile('console-sim', () => startConsoleSim(options), (sim, dir) => writeFileSync(join(dir, 'ca.pem'), sim.caPem));
  return {
    get sim(): ConsoleSim {
      return perFile.current();
    },
    caFile: join(perFile.dir, 'ca.pem'),
  };
}
