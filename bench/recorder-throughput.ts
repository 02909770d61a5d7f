import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, constants as zlib } from 'node:zlib';
import { raw, record } from '../plugin-api/index.ts';
import { ArchiveWriter } from '../core/recorder/archive-writer.ts';
import { Recorder } from '../core/recorder/recorder.ts';
import { timePair } from './measure.ts';
import type { BenchRow } from './measure.ts';

const SAMPLE = new URL('../../shared/fixtures/insights-archive-sample/', import.meta.url).pathname;
const CORPUS_BYTES = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;

async function sampleFiles(dir: string): Promise<Array<{ path: string; data: Buffer }>> {
  const out: Array<{ path: string; data: Buffer }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(SAMPLE, full), data: await readFile(full) });
  }
  return out;
}

/**
 * (a) The recorder (marshal, sha256, duplicate checks, tar, coalescing, gzip, fsync, publish) against
 * plain node:zlib gzip of the same bytes at the same level, fed in 64 KiB chunks, both to a file.
 */
export async function benchRecorderThroughput(rounds = 3): Promise<BenchRow> {
  const files = await sampleFiles(SAMPLE);
  const corpus: Array<{ name: string; data: Buffer }> = [];
  let total = 0;
  for (let copy = 0; total < CORPUS_BYTES; copy++) {
    for (const f of files) {
      corpus.push({ name: `copy${copy}/${f.path}`, data: f.data });
      total += f.data.length;
    }
  }
  const all = Buffer.concat(corpus.map((c) => c.data));
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-rec-'));
  try {
    const { candidateMs, baselineMs } = await timePair(
      rounds,
      async () => {
        const writer = await ArchiveWriter.create(dir);
        const recorder = new Recorder(writer, { maxBytes: Number.MAX_SAFE_INTEGER });
        for (const c of corpus) await recorder.record(record({ name: c.name, item: raw(c.data) }), 'bench/recorder');
        await rm(await writer.finish(new Date()));
      },
      async () => {
        const out = join(dir, 'baseline.gz');
        const chunks = (function* () {
          for (let i = 0; i < all.length; i += CHUNK) yield all.subarray(i, i + CHUNK);
        })();
        await pipeline(Readable.from(chunks), createGzip({ level: zlib.Z_DEFAULT_COMPRESSION }), createWriteStream(out));
        await rm(out);
      },
    );
    const mib = total / 1024 / 1024;
    const ratio = baselineMs / candidateMs;
    return {
      name: `(a) recorder throughput, ${mib.toFixed(0)} MiB, ${corpus.length} records`,
      measured: `${(mib / (candidateMs / 1000)).toFixed(1)} MiB/s`,
      baseline: `${(mib / (baselineMs / 1000)).toFixed(1)} MiB/s gzip`,
      ratio,
      target: '>= 0.80',
      pass: ratio >= 0.8,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
