import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { inspectArchive } from '../../../core/archive/inspect-archive.ts';

async function tarOf(entries: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(entries)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('inspectArchive', () => {
  it('accepts a tar.gz with gathers.json and reports its files, bytes and metadata', async () => {
    const archive = gzipSync(await tarOf({ 'config/id': 'abc', 'insights-operator/gathers.json': '{"status_reports":[]}' }));
    expect(await inspectArchive(archive)).toEqual({ valid: true, files: 2, bytes: 24, gathers: { status_reports: [] } });
  });

  it('refuses, with the reason, what the pipeline could not read', async () => {
    const good = gzipSync(await tarOf({ 'insights-operator/gathers.json': '{}' }));
    const cases: Array<[string, Buffer, RegExp]> = [
      ['empty file', Buffer.alloc(0), /not a readable tar\.gz|no entries/],
      ['truncated gzip', good.subarray(0, good.length - 20), /not a readable tar\.gz/],
      ['random bytes', Buffer.from('this is not an archive at all, just text'), /not a readable tar\.gz/],
      ['gzip of a non-tar', gzipSync(Buffer.from('{"json": true}\n'.repeat(100))), /not a readable tar\.gz|no entries/],
      ['no gathers.json', gzipSync(await tarOf({ 'config/id': 'abc' })), /has no insights-operator\/gathers\.json/],
      ['gathers.json not JSON', gzipSync(await tarOf({ 'insights-operator/gathers.json': '{nope' })), /gathers\.json is not JSON/],
    ];
    for (const [name, bytes, reason] of cases) {
      const result = await inspectArchive(bytes);
      expect(result.valid, name).toBe(false);
      expect(result.valid ? '' : result.reason, name).toMatch(reason);
    }
  });
});
