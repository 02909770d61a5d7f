import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_NAME_PATTERN } from '../../../core/recorder/archive-name.ts';
import { removeStaleTempFiles } from '../../../core/recorder/stale-temp-files.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const WRITER = new URL('./fixtures/write-forever.ts', import.meta.url).pathname;

async function killWhileWriting(dir: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [WRITER, dir, '30'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  await sleep(delayMs);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('crash safety of archive writes', () => {
  it('a SIGKILL at any moment never leaves a partial insights-*.tar.gz, and the next run removes the leftover', async () => {
    const dir = await tempDir();
    // Kill points spread over entry writing, gzip flushing and publishing of several archives.
    for (const delayMs of [0, 15, 40, 90, 160, 260, 400, 1200]) {
      await killWhileWriting(dir, delayMs);
      const names = await readdir(dir);
      for (const name of names.filter((n) => n.startsWith('insights-'))) {
        expect(name).toMatch(ARCHIVE_NAME_PATTERN);
        const files = await readArchive(join(dir, name)); // throws on a truncated gzip or tar
        expect(files).toHaveLength(30);
      }
      const leftovers = names.filter((n) => n.endsWith('.tmp'));
      expect(leftovers.length).toBeLessThanOrEqual(1);
      const removed = await removeStaleTempFiles(dir);
      expect(removed.map((p) => p.split('/').pop())).toEqual(leftovers);
      expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
    // The kills must also have covered whole archives being published, not only entry writing.
    expect((await readdir(dir)).filter((n) => ARCHIVE_NAME_PATTERN.test(n)).length).toBeGreaterThan(0);
  });

  it('leaves the temporary file of a writer that is still alive alone', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, [WRITER, dir, '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
      expect(await removeStaleTempFiles(dir)).toEqual([]);
      expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
