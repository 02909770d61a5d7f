import { readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteAll } from '../../../core/pruner/delete-all.ts';
import { listArchives } from '../../../core/pruner/list-archives.ts';
import { maxAgeForInterval, pruneArchives, pruneCutoff } from '../../../core/pruner/prune-archives.ts';
import { archiveDir, HOUR, putDirectory } from './archive-dir.ts';

const now = new Date('2026-11-24T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const maxAgeMs = maxAgeForInterval(2 * HOUR); // 12 days
let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

async function seeded() {
  const d = await archiveDir();
  cleanup = d.cleanup;
  await d.put('insights-2026-11-01-000000.tar.gz', ago(24 * 24 * HOUR)); // far past maxAge
  await d.put('insights-2026-11-12-120000.tar.gz', ago(maxAgeMs)); // exactly at maxAge: due
  await d.put('insights-2026-11-20-000000.tar.gz', ago(4 * 24 * HOUR));
  await d.put('insights-2026-11-24-080000.tar.gz', ago(4 * HOUR));
  await d.put('insights-2026-11-24-110000.tar.gz', ago(HOUR));
  return d;
}

async function putForeign(d: Awaited<ReturnType<typeof archiveDir>>) {
  const old = ago(100 * 24 * HOUR);
  await d.put('notes.txt', old);
  await d.put('insights-2026-01-01-000000.tar.gz.bak', old);
  await d.put('insights-latest.tar.gz', old);
  await d.put('.insights-partial-999999-abc-def.tar.gz', old); // not a temp name we own either
  await putDirectory(d.dir, 'insights-2026-01-02-000000.tar.gz', old);
  await symlink(join(d.dir, 'notes.txt'), join(d.dir, 'insights-2026-01-03-000000.tar.gz'));
}

describe('pruneCutoff', () => {
  it('is now − maxAge without a last report, and the later of the two with one', () => {
    expect(pruneCutoff({ now, maxAgeMs })).toEqual(ago(maxAgeMs));
    expect(pruneCutoff({ now, maxAgeMs, lastReported: ago(2 * HOUR) })).toEqual(ago(2 * HOUR));
    expect(pruneCutoff({ now, maxAgeMs, lastReported: ago(30 * 24 * HOUR) })).toEqual(ago(maxAgeMs));
  });

  it('derives the default maximum age from the interval as the original (2h → 12 days)', () => {
    expect(maxAgeForInterval(2 * HOUR)).toBe(12 * 24 * HOUR);
  });
});

describe('pruneArchives', () => {
  it('without lastReported deletes only archives at or beyond the maximum age', async () => {
    const d = await seeded();
    const deleted = await pruneArchives(d.dir, { now, maxAgeMs });
    expect(deleted.map((p) => p.slice(d.dir.length + 1))).toEqual([
      'insights-2026-11-01-000000.tar.gz',
      'insights-2026-11-12-120000.tar.gz',
    ]);
    expect((await readdir(d.dir)).sort()).toEqual([
      'insights-2026-11-20-000000.tar.gz',
      'insights-2026-11-24-080000.tar.gz',
      'insights-2026-11-24-110000.tar.gz',
    ]);
  });

  it('with lastReported also deletes everything up to it (inclusive), keeping newer un-uploaded archives', async () => {
    const d = await seeded();
    const deleted = await pruneArchives(d.dir, { now, maxAgeMs, lastReported: ago(4 * HOUR) });
    expect(deleted).toHaveLength(4);
    expect(await readdir(d.dir)).toEqual(['insights-2026-11-24-110000.tar.gz']);
  });

  it('never touches foreign files, temporary-looking names, directories or symbolic links', async () => {
    const d = await seeded();
    await putForeign(d);
    const before = (await readdir(d.dir)).filter((n) => !/^insights-2026-11-/.test(n)).sort();
    const deleted = await pruneArchives(d.dir, { now, maxAgeMs, lastReported: now });
    expect(deleted).toHaveLength(5);
    expect((await readdir(d.dir)).sort()).toEqual(before);
  });

  it('treats a missing directory as empty and a file deleted meanwhile as deleted', async () => {
    const d = await seeded();
    expect(await pruneArchives(join(d.dir, 'absent'), { now, maxAgeMs })).toEqual([]);
    const archives = await listArchives(d.dir);
    await rm(archives[0]!.path);
    expect(await deleteAll(d.dir, archives.slice(0, 2))).toEqual([archives[0]!.path, archives[1]!.path]);
  });

  it('reports a deletion that fails with a coded error naming the directory and file, after deleting the rest', async () => {
    const d = await seeded();
    const archives = await listArchives(d.dir);
    const bogus = { ...archives[0]!, path: join(d.dir, 'no-such-dir', 'x', archives[0]!.name) };
    // unlink of a path under a regular file fails with ENOTDIR, not ENOENT
    const underFile = { ...archives[0]!, path: join(archives[4]!.path, 'inner') };
    await expect(deleteAll(d.dir, [underFile, archives[1]!, bogus])).rejects.toMatchObject({
      code: 'IO_PRUNE_FAILED',
      message: expect.stringContaining(`storage directory ${d.dir}: 1 archive(s) could not be deleted by the pruner, the first ${underFile.path}`),
    });
    expect(await readdir(d.dir)).not.toContain(archives[1]!.name);
  });
});
