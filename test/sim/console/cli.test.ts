import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { tempDir } from '../../helpers/temp-dir.ts';
import { trustingAgent } from './fixtures.ts';

const MAIN = new URL('./main.ts', import.meta.url).pathname;

function run(args: string[]) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

describe('console-sim CLI', () => {
  it('prints one ready line, writes its CA, serves the given report and rules, logs with --verbose, stops on SIGTERM', async () => {
    const dir = await tempDir('console-sim-cli-');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ report: { meta: { count: 0 }, data: [] } }));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ version: '9.9.9', conditional_gathering_rules: [], container_logs: [] }));
    const sim = run(['--token', 'cli-token', '--listen', '127.0.0.1:0', '--ca-out', caFile, '--report', join(dir, 'report.json'), '--rules', join(dir, 'rules.json'), '--verbose']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        sim.child.stdout.on('data', () => {
          const m = /^console-sim listening on (https:\/\/127\.0\.0\.1:\d+)\n$/.exec(sim.stdout());
          if (m !== null) resolve(m[1]!);
        });
        sim.exit.then(() => reject(new Error(`exited early: ${sim.stderr()}`)), reject);
      });
      const agent = trustingAgent(readFileSync(caFile, 'utf8'));
      const get = async (path: string) => {
        const res = await request(`${url}${path}`, { headers: { authorization: 'Bearer cli-token' }, dispatcher: agent });
        return { status: res.statusCode, json: await res.body.json() };
      };
      expect(await get('/api/insights-results-aggregator/v2/cluster/any-id/reports')).toEqual({ status: 200, json: { report: { meta: { count: 0 }, data: [] } } });
      expect((await get('/api/gathering/v2/4.16.0/gathering_rules')).json).toMatchObject({ version: '9.9.9' });
      await agent.close();
      const deadline = Date.now() + 10_000;
      while (!sim.stderr().includes('gathering_rules') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(sim.stderr()).toMatch(/GET \/api\/gathering\/v2\/4\.16\.0\/gathering_rules 200/);
      sim.child.kill('SIGTERM');
      expect(await sim.exit).toBe(0);
      expect(sim.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
    }
  });

  it('requires a token', async () => {
    const sim = run(['--listen', '127.0.0.1:0']);
    expect(await sim.exit).toBe(2);
    expect(sim.stderr()).toMatch(/--token is required/);
  });
});
