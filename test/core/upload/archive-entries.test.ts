import { describe, expect, it } from 'vitest';
import { archiveEntries } from '../../../core/upload/archive-entries.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { putArchive, validArchive } from './upload-fixtures.ts';

describe('archiveEntries', () => {
  it('lists name, size and mtime of each entry in archive order', async () => {
    const dir = await tempDir();
    const a = await putArchive(dir, new Date('2026-03-01T10:00:00Z'), await validArchive({ 'config/version.json': '{"a":1}' }));
    expect(await archiveEntries(a.path)).toEqual([
      { name: 'config/id', size: 36, mtime: new Date('2026-01-02T03:04:05Z') },
      { name: 'config/version.json', size: 7, mtime: new Date('2026-01-02T03:04:05Z') },
      { name: 'insights-operator/gathers.json', size: 21, mtime: new Date('2026-01-02T03:04:05Z') },
    ]);
  });

  it('rejects a truncated archive, whatever the cut, without an uncaught error', async () => {
    const dir = await tempDir();
    const good = await validArchive();
    for (const cut of [1, 8, 20, 40, 80]) {
      const a = await putArchive(dir, new Date(Date.UTC(2026, 2, 1, 10, cut)), good.subarray(0, good.length - cut));
      await expect(archiveEntries(a.path)).rejects.toThrow();
    }
  });
});
