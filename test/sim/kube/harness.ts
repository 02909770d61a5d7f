/**
 * A simulator per vitest file:
 *
 *   const kube = await useKubeSim({ scale: 'small' });
 *   it('...', async () => { kc.loadFromFile(kube.kubeconfigPath); kube.sim.store... });
 *
 * The simulator starts on a free port in beforeAll and stops in afterAll, which also removes the
 * kubeconfig file. `sim` can only be read once beforeAll has run (inside hooks and tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim, KubeSimOptions } from './index.ts';

export interface KubeSimHandle {
  /** The running simulator (throws before beforeAll has run). */
  readonly sim: KubeSim;
  /** A kubeconfig for it (written in beforeAll, with the admin's token). */
  readonly kubeconfigPath: string;
}

export async function useKubeSim(options: KubeSimOptions = {}): Promise<KubeSimHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  let sim: KubeSim | undefined;
  beforeAll(async () => {
    sim = await startKubeSim(options);
    await sim.writeKubeconfig(kubeconfigPath);
  }, 120_000);
  afterAll(async () => {
    try {
      await sim?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    get sim(): KubeSim {
      if (sim === undefined) throw new Error('useKubeSim: the simulator starts in beforeAll; read .sim inside hooks and tests');
      return sim;
    },
    kubeconfigPath,
  };
}
