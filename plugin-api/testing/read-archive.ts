import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/** One file of an archive, with helpers to read it. */
export interface ArchiveRecord {
  /** Path inside the archive, with its extension, for example `config/node/worker-0.json`. */
  name: string;
  data: Buffer;
  /** The content as UTF-8 text. */
  text(): string;
  /** The content parsed as JSON. */
  json<T = unknown>(): T;
}

/**
 * Reads every file of an `insights-*.tar.gz`, in archive order.
 * @param path - the archive
 */
export async function readArchiveRecords(path: string): Promise<ArchiveRecord[]> {
  const files: ArchiveRecord[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      files.push(archiveRecord(header.name, Buffer.concat(chunks)));
      next();
    });
    stream.resume();
  });
  await pipeline(createReadStream(path), createGunzip(), extract);
  return files;
}

function archiveRecord(name: string, data: Buffer): ArchiveRecord {
  return {
    name,
    data,
    text: () => data.toString('utf8'),
    json: <T>() => JSON.parse(data.toString('utf8')) as T,
  };
}
