import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { enforceByteCap } from '../../../core/pruner/enforce-byte-cap.ts';
import { archiveDir, HOUR } from './archive-dir.ts';

const t = (hours: number) => new Date(Date.UTC(2026, 10, 24) + hours * HOUR);
let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

describe('enforceByteCap', () => {
  it('deletes the oldest archives until the rest fit, and ignores foreign files', async () => {
    const d = await archiveDir();
    cleanup = d.cleanup;
    // names deliberately out of mtime order: age is judged by mtime
    await d.put('insights-2026-11-24-030000.tar.gz', t(1), 100);
    await d.put('insights-2026-11-24-010000.tar.gz', t(2), 100);
    await d.put('insights-2026-11-24-020000.tar.gz', t(3), 100);
    await d.put('insights-2026-11-24-040000.tar.gz', t(4), 100);
    await d.put('big-foreign-file.bin', t(0), 10_000);
    const deleted = await enforceByteCap(d.dir, 250);
    expect(deleted.map((p) => p.slice(d.dir.length + 1))).toEqual([
      'insights-2026-11-24-030000.tar.gz',
      'insights-2026-11-24-010000.tar.gz',
    ]);
    expect((await readdir(d.dir)).sort()).toEqual([
      'big-foreign-file.bin',
      'insights-2026-11-24-020000.tar.gz',
      'insights-2026-11-24-040000.tar.gz',
    ]);
    expect(await enforceByteCap(d.dir, 250)).toEqual([]);
  });

  it('never deletes the newest archive, even when it alone is over the cap', async () => {
    const d = await archiveDir();
    cleanup = d.cleanup;
    await d.put('insights-2026-11-24-010000.tar.gz', t(1), 50);
    await d.put('insights-2026-11-24-020000.tar.gz', t(2), 500);
    await enforceByteCap(d.dir, 100);
    expect(await readdir(d.dir)).toEqual(['insights-2026-11-24-020000.tar.gz']);
  });
});
