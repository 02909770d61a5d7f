import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { json, raw, record } from '../../../plugin-api/index.ts';
import { ArchiveWriter } from '../../../core/recorder/archive-writer.ts';
import { Recorder } from '../../../core/recorder/recorder.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function open(options: ConstructorParameters<typeof Recorder>[1] = {}) {
  const dir = await tempDir();
  const writer = await ArchiveWriter.create(dir);
  return { dir, writer, recorder: new Recorder(writer, options) };
}

describe('Recorder', () => {
  it('writes regular files with mode 0640, owner 0/0, no directories, no ./ prefix, paths as given', async () => {
    const { writer, recorder } = await open();
    const captured = new Date('2026-01-02T03:04:05Z');
    await recorder.record(record({ name: 'config/id', item: raw('abc'), captured }), 't/f');
    await recorder.record(record({ name: 'config/node/a', item: json({ a: 1 }) }), 't/f');
    const path = await writer.finish(new Date('2026-11-24T10:20:30Z'));
    expect(path).toMatch(/\/insights-2026-11-24-102030\.tar\.gz$/);
    const files = await readArchive(path);
    expect(files.map((f) => f.name)).toEqual(['config/id', 'config/node/a.json']);
    for (const f of files) {
      expect(f.type).toBe('file');
      expect(f.mode).toBe(0o640);
      expect([f.uid, f.gid]).toEqual([0, 0]);
    }
    expect(files[0]!.data.toString()).toBe('abc');
    expect(files[0]!.mtime.toISOString()).toBe(captured.toISOString());
    expect(JSON.parse(files[1]!.data.toString())).toEqual({ a: 1 });
  });

  it('drops a record that would pass the size limit, with the original error text, but keeps alwaysStored ones', async () => {
    const { writer, recorder } = await open({ maxBytes: 100 });
    expect((await recorder.record(record({ name: 'a', item: raw('x'.repeat(60)) }), 'p/f')).stored).toBe(true);
    const over = await recorder.record(record({ name: 'b', item: raw('y'.repeat(60)) }), 'p/f');
    expect(over.stored).toBe(false);
    expect(over.errors).toEqual(['record b(size=60) exceeds the archive size limit 100 and was not stored']);
    const always = await recorder.record(record({ name: 'meta', item: raw('z'.repeat(500)), alwaysStored: true }), 'p/f');
    expect(always.stored).toBe(true);
    const small = await recorder.record(record({ name: 'c', item: raw('w'.repeat(10)) }), 'p/f');
    expect(small.stored).toBe(false);
    const files = await readArchive(await writer.finish(new Date()));
    expect(files.map((f) => f.name)).toEqual(['a', 'meta']);
  });

  it('drops a second record with the same name, naming both fingerprints', async () => {
    const { writer, recorder } = await open();
    await recorder.record(record({ name: 'config/x', item: raw('first') }), 'p/f');
    const second = await recorder.record(record({ name: 'config/x', item: raw('second') }), 'p/g');
    expect(second.stored).toBe(false);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(second.errors[0]).toContain(`had the fingerprint "${sha('first')}"`);
    expect(second.errors[0]).toContain(`fingerprint "${sha('second')}" was dropped`);
    const files = await readArchive(await writer.finish(new Date()));
    expect(files.filter((f) => f.name === 'config/x').map((f) => f.data.toString())).toEqual(['first']);
  });

  it('only warns about a second record with the same name and the same content', async () => {
    const { writer, recorder } = await open();
    await recorder.record(record({ name: 'config/pod/ns/p', item: raw('same') }), 'p/f');
    const again = await recorder.record(record({ name: 'config/pod/ns/p', item: raw('same') }), 'p/g');
    expect(again).toMatchObject({ stored: false, errors: [] });
    expect(again.warnings[0]).toMatch(/^warning: the record "config\/pod\/ns\/p" was already recorded with the same content/);
    const files = await readArchive(await writer.finish(new Date()));
    expect(files.map((f) => f.name)).toEqual(['config/pod/ns/p']);
  });

  it('stores the same content under another path with a warning', async () => {
    const { writer, recorder } = await open();
    await recorder.record(record({ name: 'ca/one', item: raw('PEM') }), 'p/f');
    const again = await recorder.record(record({ name: 'ca/two', item: raw('PEM') }), 'p/f');
    expect(again.stored).toBe(true);
    expect(again.warnings).toHaveLength(1);
    expect(again.warnings[0]).toMatch(/^warning: the record with the same fingerprint "[0-9a-f]{64}" was already recorded at path "ca\/one", recording another one with a different path "ca\/two"$/);
    const files = await readArchive(await writer.finish(new Date()));
    expect(files.map((f) => f.name)).toEqual(['ca/one', 'ca/two']);
  });

  it('shortens file names over 255 bytes, keeping the extension and the directory', async () => {
    const { writer, recorder } = await open();
    const long = `config/pod/ns/${'p'.repeat(300)}`;
    const outcome = await recorder.record(record({ name: long, item: json({}) }), 'p/f');
    const base = outcome.path.split('/').pop()!;
    expect(Buffer.byteLength(base)).toBe(255);
    expect(base.endsWith('.json')).toBe(true);
    expect(outcome.path.startsWith('config/pod/ns/ppp')).toBe(true);
    const multibyte = await recorder.record(record({ name: `x/${'é'.repeat(200)}`, item: raw('1', 'log') }), 'p/f');
    const mb = multibyte.path.split('/').pop()!;
    expect(Buffer.byteLength(mb)).toBeLessThanOrEqual(255);
    expect(mb.endsWith('.log')).toBe(true);
    expect(mb).not.toContain('\uFFFD');
    const files = await readArchive(await writer.finish(new Date()));
    expect(files.map((f) => f.name)).toEqual([outcome.path, multibyte.path]);
  });

  it('reports a marshaller that throws as an error of that record and goes on', async () => {
    const { writer, recorder } = await open();
    const bad = await recorder.record(record({ name: 'bad', item: { extension: 'json', marshal: () => { throw new Error('cyclic'); } } }), 'p/f');
    expect(bad).toMatchObject({ stored: false, errors: ['function "p/f": record "bad.json" could not be marshalled: cyclic'] });
    await recorder.record(record({ name: 'good', item: raw('ok') }), 'p/f');
    expect((await readArchive(await writer.finish(new Date()))).map((f) => f.name)).toEqual(['good']);
  });

  it('applies the entry transform to name and content after fingerprinting', async () => {
    const { writer, recorder } = await open({ transform: (e) => ({ name: e.name.replace('secret', 'x'), data: Buffer.from(e.data.toString().toUpperCase()) }) });
    await recorder.record(record({ name: 'a/secret', item: raw('abc') }), 'p/f');
    const files = await readArchive(await writer.finish(new Date()));
    expect(files.map((f) => [f.name, f.data.toString()])).toEqual([['a/x', 'ABC']]);
  });

  it('never overwrites an archive: a second one in the same second takes the next free second', async () => {
    const dir = await tempDir();
    const at = new Date('2026-11-24T10:20:30.400Z');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const writer = await ArchiveWriter.create(dir);
      await new Recorder(writer).record(record({ name: `n${i}`, item: raw(String(i)) }), 'p/f');
      names.push((await writer.finish(at)).split('/').pop()!);
    }
    expect(names).toEqual(['insights-2026-11-24-102030.tar.gz', 'insights-2026-11-24-102031.tar.gz', 'insights-2026-11-24-102032.tar.gz']);
    expect((await readdir(dir)).sort()).toEqual(names);
  });

  it('abort removes the temporary file and publishes nothing', async () => {
    const { dir, writer, recorder } = await open();
    await recorder.record(record({ name: 'a', item: raw('1') }), 'p/f');
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(true);
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});
