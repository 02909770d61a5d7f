import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { walkArchive } from '../../../core/archive/walk-archive.ts';

async function tarOf(entries: Record<string, string | number>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(entries)) pack.entry({ name }, typeof content === 'number' ? 'x'.repeat(content) : content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('walkArchive', () => {
  it('keeps the N largest files, largest first and ties by name, whatever order they come in', async () => {
    const sizes = { 'a/small': 1, 'b/big': 500, 'a/mid2': 40, 'c/huge': 900, 'a/mid1': 40, 'root.txt': 7, 'b/mid3': 40 };
    const walk = await walkArchive(gzipSync(await tarOf(sizes)), { largest: 4 });
    expect(walk.largest).toEqual([
      { name: 'c/huge', bytes: 900 }, { name: 'b/big', bytes: 500 }, { name: 'a/mid1', bytes: 40 }, { name: 'a/mid2', bytes: 40 },
    ]);
    expect(walk.files).toBe(7);
    expect(walk.bytes).toBe(1528);
    expect(Object.fromEntries(walk.directories)).toEqual({
      a: { files: 3, bytes: 81 }, b: { files: 2, bytes: 540 }, c: { files: 1, bytes: 900 }, 'root.txt': { files: 1, bytes: 7 },
    });
    expect((await walkArchive(gzipSync(await tarOf(sizes)))).largest).toEqual([]);
  });

  it('keeps only the named entries, and not those over the size limit', async () => {
    const archive = gzipSync(await tarOf({ 'meta/a.json': '{"a":1}', 'meta/b.json': 100, 'data/c': 'c' }));
    const walk = await walkArchive(archive, { keep: new Set(['meta/a.json', 'meta/b.json', 'meta/absent']), maxKeptBytes: 50 });
    expect([...walk.kept.keys()]).toEqual(['meta/a.json']);
    expect(walk.kept.get('meta/a.json')!.toString()).toBe('{"a":1}');
    expect(walk.oversized).toEqual(['meta/b.json']);
  });

  it('rejects what is not a gzip\'d tar', async () => {
    await expect(walkArchive(Buffer.from('plain text, not gzip'))).rejects.toThrow();
  });
});
