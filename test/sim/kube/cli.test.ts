import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'kube-sim-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Resolves with the first stdout line, as the processes that wait for the simulator read it. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

describe('kube-sim CLI', () => {
  it('starts, prints its line, writes a usable kubeconfig, and stops on SIGTERM', async () => {
    const kubeconfig = join(tmp, 'kubeconfig');
    const child = spawn(process.execPath, [MAIN, '--scale', '1', '--kubeconfig-out', kubeconfig, '--token', 'cli-token', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const line = await firstLine(child);
      expect(line).toMatch(/^kube-sim listening on https:\/\/127\.0\.0\.1:\d+ \(\d+ objects\)$/);
      expect(Number(/\((\d+) objects\)/.exec(line)![1])).toBe(1 + 4 + 34 + 10 + 500 + 6 + 100 + 200);
      expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);

      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      expect(kc.getCurrentUser()?.token).toBe('cli-token');
      expect(kc.getCurrentCluster()?.server).toBe(line.split(' ')[3]);
      const nodes = await kc.makeApiClient(CoreV1Api).listNode();
      expect(nodes.items).toHaveLength(6);
      expect(stderr).toMatch(/^GET \/api\/v1\/nodes 200$/m);
    } finally {
      child.kill('SIGTERM');
    }
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });

  it('listens where --listen says', async () => {
    const probe = spawn(process.execPath, [MAIN, '--fixture', 'sample', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      expect(await firstLine(probe)).toMatch(/^kube-sim listening on https:\/\/127\.0\.0\.1:\d+ \(\d+ objects\)$/);
    } finally {
      probe.kill('SIGINT');
    }
    expect(await new Promise((resolve) => probe.once('exit', resolve))).toBe(0);
  });

  it('rejects bad arguments with one line on stderr and exit code 2', () => {
    for (const args of [[], ['--scale', 'x'], ['--scale', '0'], ['--fixture', 'sample', '--scale', '1'], ['--bogus'], ['--scale', '1', '--listen', 'nope'], ['--fixture', join(tmp, 'missing')]]) {
      const run = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^kube-sim: /);
    }
  });

  it('prints usage with --help', () => {
    const run = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: .*--fixture sample\|--fixture DIR\|--scale N/);
    expect(run.stdout).toContain('--kubeconfig-out');
  });
});
