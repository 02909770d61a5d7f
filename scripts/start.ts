// `npm start`: the main job, run locally. With $KUBECONFIG set it gathers from that cluster; without,
// it starts the embedded Kubernetes API simulator seeded from the sample archive and gathers from it
// over HTTPS, exactly as from a real cluster. Archives go to ./insights-archives unless --output says.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATOR_NODE_FLAGS } from '../core/cli/node-flags.ts';

const main = new URL('../core/cli/main.ts', import.meta.url).pathname;
const extra = process.argv.slice(2);
const output = extra.includes('--output') ? [] : ['--output', 'insights-archives'];

function gather(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, main, 'gather', ...output, ...args, ...extra], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (process.env.KUBECONFIG) {
  process.stderr.write(`gathering from the cluster of $KUBECONFIG (${process.env.KUBECONFIG})\n`);
  process.exit(await gather([]));
} else {
  const { startKubeSim } = await import('../test/sim/kube/index.ts');
  const sim = await startKubeSim({ fixture: 'sample' });
  const dir = await mkdtemp(join(tmpdir(), 'insights-operator-start-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
  process.stderr.write(`no $KUBECONFIG: gathering from the embedded simulated cluster at ${sim.url}\n`);
  try {
    process.exitCode = await gather(['--kubeconfig', kubeconfig]);
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
