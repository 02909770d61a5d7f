import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { generateScaleCluster } from './index.ts';

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
      expect(Number(/\((\d+) objects\)/.exec(line)![1])).toBe([...generateScaleCluster(1)].length);
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

  it('takes a preset and a seed, faults from a file, RBAC on, and answers CPU reports on stdin', async () => {
    const faults = join(tmp, 'faults.yaml');
    writeFileSync(faults, '- path: /api/v1/namespaces/*/configmaps\n  status: 503\n  nth: 1\n');
    const kubeconfig = join(tmp, 'kubeconfig-preset');
    const child = spawn(process.execPath, [MAIN, '--scale', 'small', '--seed', '5', '--faults', faults, '--fault-seed', '9', '--rbac', 'on', '--cpu-report', '--kubeconfig-out', kubeconfig], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await firstLine(child);
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      const core = kc.makeApiClient(CoreV1Api);
      const expectedUids = [...generateScaleCluster(1, { seed: 5 })].filter((o) => o.kind === 'Node').map((o) => o.metadata.uid).sort();
      expect((await core.listNode()).items.map((n) => n.metadata?.uid).sort()).toEqual(expectedUids);
      await expect(core.listNamespacedConfigMap({ namespace: 'default' })).rejects.toMatchObject({ code: 503 });
      expect((await core.listNamespacedConfigMap({ namespace: 'default' })).items).toEqual([]);
      // RBAC on seeds kube's bootstrap roles.
      const roles = await kc.makeApiClient(RbacAuthorizationV1Api).listClusterRole();
      expect(roles.items.map((r) => r.metadata?.name)).toContain('system:basic-user');
      const replies = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      child.stdin!.write('cpu\n');
      const cpu = JSON.parse((await replies.next()).value as string) as { user: number; system: number };
      expect(cpu.user).toBeGreaterThan(0);
      child.stdin!.write('stringify-pods\n');
      expect(JSON.parse((await replies.next()).value as string)).toMatchObject({ pods: 500, cpuUs: expect.any(Number), bytes: expect.any(Number) });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  });

  it('rejects bad arguments with one line on stderr and exit code 2', () => {
    const badFaults = join(tmp, 'bad-faults.json');
    writeFileSync(badFaults, '[{"status": 200}]');
    for (const args of [
      [], ['--scale', 'x'], ['--scale', '0'], ['--scale', 'medium'], ['--fixture', 'sample', '--scale', '1'], ['--bogus'], ['--scale', '1', '--listen', 'nope'],
      ['--fixture', join(tmp, 'missing')], ['--scale', '1', '--seed', 'x'], ['--fixture', 'sample', '--seed', '1'], ['--scale', '1', '--rbac', 'maybe'],
      ['--scale', '1', '--faults', join(tmp, 'missing.yaml')], ['--scale', '1', '--faults', badFaults], ['--scale', '1', '--fault-seed', '-1'], ['--scale', '1', '--deanonymize'],
    ]) {
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
