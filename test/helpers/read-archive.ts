import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import tar from 'tar-stream';
import schema from '../../config/gathers.schema.json' with { type: 'json' };
import type { GathersMetadata } from '../../core/metadata/gathers-metadata.ts';

/** One tar entry with its header, as a reader of the archive sees it. */
export interface ArchiveFile {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  data: Buffer;
}

/** Every entry of a tar.gz (a file's path, or the archive's bytes, such as an upload's), in order. */
export async function readArchive(source: string | Uint8Array): Promise<ArchiveFile[]> {
  const files: ArchiveFile[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.push({
        name: header.name, type: header.type ?? 'file', mode: header.mode ?? 0, uid: header.uid ?? -1,
        gid: header.gid ?? -1, mtime: header.mtime ?? new Date(0), data: Buffer.concat(chunks),
      });
      next();
    });
    stream.resume();
  });
  await pipeline(typeof source === 'string' ? createReadStream(source) : Readable.from([source]), createGunzip(), extract);
  return files;
}

const validateGathers = new Ajv2020({ allErrors: true, strict: true }).compile<GathersMetadata>(schema);

/** Parses `insights-operator/gathers.json` from the entries and validates it against the schema; throws if invalid. */
export function gathersJson(files: readonly ArchiveFile[]): GathersMetadata {
  const file = files.find((f) => f.name === 'insights-operator/gathers.json');
  if (file === undefined) throw new Error('the archive has no insights-operator/gathers.json');
  const parsed: unknown = JSON.parse(file.data.toString('utf8'));
  if (!validateGathers(parsed)) {
    throw new Error(`gathers.json does not match config/gathers.schema.json: ${JSON.stringify(validateGathers.errors)}`);
  }
  return parsed;
}
