/**
 * A simulator per vitest file:
 *
 *   const kube = await useKubeSim({ scale: 'small' });
 *   it('...', async () => { kc.loadFromFile(kube.kubeconfigPath); kube.sim.store... });
 *
 * The simulator starts on a free port in beforeAll and stops in afterAll, which also removes the
 * kubeconfig file. `sim` can only be read once beforeAll has run (inside hooks and tests).
 */
import { join } from 'node:path';
import { startKubeSim } from './index.ts';
import type { KubeSim, KubeSimOptions } from './index.ts';
import { usePerFile } from '../use-per-file.ts';

export interface KubeSimHandle {
  /** The running simulator (throws before beforeAll has run). */
  readonly sim: KubeSim;
  /** A kubeconfig for it (written in beforeAll, with the admin's token). */
  readonly kubeconfigPath: string;
}

export async function useKubeSim(options: KubeSimOptions = {}): Promise<KubeSimHandle> {
  const perFile = usePerFile('kube-sim', () => startKubeSim(options), (sim, dir) => sim.writeKubeconfig(join(dir, 'kubeconfig')));
  return {
    get sim(): KubeSim {
      return perFile.current();
    },
    kubeconfigPath: join(perFile.dir, 'kubeconfig'),
  };
}
