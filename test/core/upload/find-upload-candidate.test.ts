import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findUploadCandidate } from '../../../core/upload/find-upload-candidate.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { putArchive, validArchive } from './upload-fixtures.ts';

const t = (minute: number): Date => new Date(Date.UTC(2026, 2, 1, 10, minute));

describe('findUploadCandidate', () => {
  it('returns the newest archive modified after `since`, never older ones, and nothing once all are reported', async () => {
    const dir = await tempDir();
    await putArchive(dir, t(1));
    await putArchive(dir, t(2));
    const newest = await putArchive(dir, t(3));
    await writeFile(join(dir, 'foreign.tar.gz'), 'x');
    const none = async () => { throw new Error('nothing is corrupt'); };
    expect((await findUploadCandidate({ storagePath: dir, since: undefined, onCorrupt: none }))?.path).toBe(newest.path);
    expect((await findUploadCandidate({ storagePath: dir, since: t(2), onCorrupt: none }))?.path).toBe(newest.path);
    expect(await findUploadCandidate({ storagePath: dir, since: t(3), onCorrupt: none })).toBeUndefined();
    expect(await findUploadCandidate({ storagePath: join(dir, 'missing'), since: undefined, onCorrupt: none })).toBeUndefined();
  });

  it('hands each corrupt candidate to onCorrupt, newest first, and goes on to the next', async () => {
    const dir = await tempDir();
    const good = await putArchive(dir, t(1));
    const bad1 = await putArchive(dir, t(2), Buffer.alloc(0));
    const bad2 = await putArchive(dir, t(3), gzipSync(Buffer.from('not a tar at all')));
    const seen: Array<[string, string]> = [];
    const found = await findUploadCandidate({ storagePath: dir, since: undefined, onCorrupt: async (a, reason) => void seen.push([a.name, reason]) });
    expect(found?.path).toBe(good.path);
    expect(seen.map(([name]) => name)).toEqual([bad2.name, bad1.name]);
    for (const [, reason] of seen) expect(reason).toMatch(/not a readable tar\.gz|no entries/);
  });

  it('treats a gzip cut anywhere as corrupt, without an uncaught error from the broken stream', async () => {
    const dir = await tempDir();
    const good = await validArchive();
    const cuts = [1, 8, 12, 20, 30, 60];
    for (const [i, cut] of cuts.entries()) await putArchive(dir, t(i), good.subarray(0, good.length - cut));
    const seen: string[] = [];
    expect(await findUploadCandidate({ storagePath: dir, since: undefined, onCorrupt: async (a) => void seen.push(a.name) })).toBeUndefined();
    expect(seen).toHaveLength(cuts.length);
    await new Promise((r) => setTimeout(r, 50));
  });

  it('passes over skipped archives and stops when the signal aborts', async () => {
    const dir = await tempDir();
    const older = await putArchive(dir, t(1), await validArchive());
    const newer = await putArchive(dir, t(2));
    const none = async () => {};
    expect((await findUploadCandidate({ storagePath: dir, since: undefined, onCorrupt: none, skip: (a) => a.path === newer.path }))?.path).toBe(older.path);
    const abort = new AbortController();
    abort.abort();
    expect(await findUploadCandidate({ storagePath: dir, since: undefined, onCorrupt: none, signal: abort.signal })).toBeUndefined();
  });
});
