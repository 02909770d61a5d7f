import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUARANTINE_DIR, QUARANTINE_KEEP, quarantineArchive } from '../../../core/upload/quarantine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { putArchive } from './upload-fixtures.ts';

describe('quarantineArchive', () => {
  it('moves the archive under quarantine/, keeping its name and mtime', async () => {
    const dir = await tempDir();
    const at = new Date('2026-03-01T10:00:00Z');
    const a = await putArchive(dir, at, Buffer.from('junk'));
    const result = await quarantineArchive(dir, a.path);
    expect(result).toEqual({ path: join(dir, QUARANTINE_DIR, a.name), deleted: [] });
    expect(await readdir(dir)).toEqual([QUARANTINE_DIR]);
    expect((await stat(result.path)).mtimeMs).toBe(at.getTime());
  });

  it(`keeps only the ${QUARANTINE_KEEP} newest quarantined archives`, async () => {
    const dir = await tempDir();
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await putArchive(dir, new Date(Date.UTC(2026, 2, 1, 10, i)), Buffer.from('junk'));
      names.push(a.name);
      await quarantineArchive(dir, a.path);
    }
    expect((await readdir(join(dir, QUARANTINE_DIR))).sort()).toEqual(names.slice(2).sort());
  });

  it('throws ENOENT when the archive vanished', async () => {
    const dir = await tempDir();
    await expect(quarantineArchive(dir, join(dir, 'insights-2026-03-01-100000.tar.gz'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
