import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * Starts the Kubernetes API simulator with a generated cluster in its own process, so that its CPU and
 * memory are not counted with the process measured; resolves once it listens.
 */
export async function startSimProcess(scale: number | string, kubeconfig: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'test/sim/kube/main.ts'), '--scale', String(scale), '--kubeconfig-out', kubeconfig], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => { if (line.startsWith('kube-sim listening')) resolve(); });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return child;
}
