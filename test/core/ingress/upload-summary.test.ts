import { describe, expect, it } from 'vitest';
import { formatUploadLine, summarizeUpload } from '../../../core/ingress/upload-summary.ts';
import { makeArchive, validArchive } from '../../sim/console/fixtures.ts';

const AT = new Date('2024-05-01T10:00:00.000Z');

describe('summarizeUpload', () => {
  it('counts files, bytes and the functions whose gathers.json entries have errors or a panic, once each', async () => {
    const gathers = {
      status_reports: [
        { name: 'clusterconfig/nodes', errors: ['forbidden'], panic: null },
        { name: 'clusterconfig/pods', errors: null, panic: 'boom' },
        { name: 'clusterconfig/version', errors: null, panic: null },
        // The plugin's summary entry repeats its functions' failures.
        { name: 'clusterconfig', errors: ['function "nodes" failed with an error', 'function "pods" panicked'], panic: null },
        // A plugin-level failure with no function entries of its own still counts.
        { name: 'broken-plugin', errors: ['import failed'], panic: null },
        { name: 'workloads/info', errors: [], panic: null },
      ],
    };
    const text = JSON.stringify(gathers);
    const archive = await makeArchive({ 'config/id': 'abc', 'insights-operator/gathers.json': text });
    const summary = await summarizeUpload(archive);
    expect(summary).toEqual({
      valid: true,
      compressedBytes: archive.length,
      files: 2,
      bytes: 3 + Buffer.byteLength(text),
      failedFunctions: [
        { name: 'clusterconfig/nodes', errors: ['forbidden'] },
        { name: 'clusterconfig/pods', errors: ['panic: boom'] },
        { name: 'broken-plugin', errors: ['import failed'] },
      ],
    });
  });

  it('tolerates a gathers.json without status_reports', async () => {
    const summary = await summarizeUpload(await makeArchive({ 'insights-operator/gathers.json': '{"other":1}' }));
    expect(summary).toMatchObject({ valid: true, failedFunctions: [] });
  });

  it('says why bytes are not a valid archive', async () => {
    const summary = await summarizeUpload(Buffer.from('not an archive'));
    expect(summary).toMatchObject({ valid: false, compressedBytes: 14 });
    expect(summary.valid ? '' : summary.reason).toMatch(/not a readable tar\.gz/);
  });
});

describe('formatUploadLine', () => {
  it('prints time, request id, size, files and the number of functions with errors', async () => {
    const archive = await validArchive();
    const summary = await summarizeUpload(archive);
    expect(formatUploadLine(AT, 'req-1', summary)).toBe(`2024-05-01T10:00:00.000Z req-1 ${archive.length} B, 2 files, 0 functions with errors`);
  });

  it('names the failed functions, five at most', async () => {
    const two = await summarizeUpload(await validArchive({ failed: ['a/x', 'b/y'] }));
    expect(formatUploadLine(AT, 'r', two)).toMatch(/, 2 files, 2 functions with errors: a\/x, b\/y$/);
    const seven = await summarizeUpload(await validArchive({ failed: ['p/1', 'p/2', 'p/3', 'p/4', 'p/5', 'p/6', 'p/7'] }));
    expect(formatUploadLine(AT, 'r', seven)).toMatch(/7 functions with errors: p\/1, p\/2, p\/3, p\/4, p\/5, … 2 more$/);
  });

  it('says when the bytes are not a valid archive', async () => {
    const summary = await summarizeUpload(Buffer.alloc(0));
    expect(formatUploadLine(AT, 'r', summary)).toMatch(/^2024-05-01T10:00:00.000Z r 0 B, not a valid archive: /);
  });
});
