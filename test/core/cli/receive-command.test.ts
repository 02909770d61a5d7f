import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { OPERATOR_NODE_FLAGS } from '../../../core/cli/node-flags.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { uploadForm, validArchive } from '../../sim/console/fixtures.ts';

const MAIN = new URL('../../../core/cli/main.ts', import.meta.url).pathname;

type Child = ChildProcessByStdio<null, Readable, Readable>;
const children: Child[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `insights-operator receive`, waiting for its "listening on" line on stderr. */
async function startReceive(args: string[]): Promise<{ child: Child; uploadUrl: string; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, MAIN, 'receive', '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const uploadUrl = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /listening on (\S+),/.exec(stderr);
      if (m !== null) resolve(m[1]!);
    });
    exit.then((code) => reject(new Error(`receive exited (${code}) before listening: ${stderr}`)), reject);
  });
  return { child, uploadUrl, stdout: () => stdout, stderr: () => stderr, exit };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('insights-operator receive', () => {
  it('stores an upload, prints one line for it, answers 202, refuses bad uploads and stops on SIGTERM', async () => {
    const dir = await tempDir('receive-cli-');
    const received = join(dir, 'received');
    const run = await startReceive(['--dir', received, '--token', 'tok']);
    expect(run.uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/ingress\/v1\/upload$/);

    const archive = await validArchive({ failed: ['clusterconfig/nodes'] });
    const res = await request(run.uploadUrl, { method: 'POST', body: uploadForm(archive), headers: { authorization: 'Bearer tok' } });
    expect(res.statusCode).toBe(202);
    const requestId = res.headers['x-rh-insights-request-id'] as string;
    expect(await res.body.json()).toMatchObject({ request_id: requestId });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    expect((await readFile(join(received, `${requestId}.tar.gz`))).equals(archive)).toBe(true);
    await until(() => run.stdout().includes('\n'), 'the upload line');
    expect(run.stdout()).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${requestId} ${archive.length} B, 2 files, 1 functions with errors: clusterconfig/nodes\\n$`));

    const wrongType = await request(run.uploadUrl, { method: 'POST', body: uploadForm(archive, { type: 'application/x-tar' }), headers: { authorization: 'Bearer tok' } });
    expect(wrongType.statusCode).toBe(415);
    await wrongType.body.dump();
    const noToken = await request(run.uploadUrl, { method: 'POST', body: uploadForm(archive) });
    expect(noToken.statusCode).toBe(401);
    await noToken.body.dump();
    await until(() => (run.stderr().match(/ refused /g) ?? []).length === 2, 'two refusal lines');
    expect(run.stderr()).toMatch(/refused 415 POST \/api\/ingress\/v1\/upload: .*application\/x-tar/);
    expect(run.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    expect(await readdir(received)).toEqual([`${requestId}.tar.gz`]);

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('refuses bad options with the usage exit code', async () => {
    const badListen = await runCli(['receive', '--listen', 'nowhere']);
    expect(badListen.code).toBe(2);
    expect(badListen.stderr).toMatch(/--listen: "nowhere" is not HOST:PORT/);
    const halfTls = await runCli(['receive', '--tls-cert', '/tmp/x.pem']);
    expect(halfTls.code).toBe(2);
    expect(halfTls.stderr).toMatch(/--tls-cert and --tls-key go together/);
    const badMax = await runCli(['receive', '--max-bytes', '-5']);
    expect(badMax.code).toBe(2);
  });

  it('is listed in the command list and has help', async () => {
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/receive\s+run a local ingress/);
    const help = await runCli(['receive', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--listen HOST:PORT[\s\S]*default: 127\.0\.0\.1:8090/);
  });
});
