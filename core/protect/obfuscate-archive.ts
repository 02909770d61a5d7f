import { randomBytes } from 'node:crypto';
import { createReadStream, constants as fsConstants } from 'node:fs';
import { access, link, open, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Header as TarHeader } from 'tar-stream';
import { describeError, operatorError } from '../errors/codes.ts';
import { ChunkCoalescer } from '../recorder/chunk-coalescer.ts';
import { isKnownNetworkFile, knownNetworksFromArchive } from './known-networks.ts';
import type { KnownNetworks } from './known-networks.ts';
import { createNetworkObfuscator } from './network-obfuscator.ts';
import type { ObfuscationStats } from './network-obfuscator.ts';
import { TranslationTable } from './translation-table.ts';

/** The metadata entry whose `is_global_obfuscation_enabled` the command sets. */
export const GATHERS_METADATA_ENTRY = 'insights-operator/gathers.json';

/** What {@link obfuscateArchive} did. */
export interface ObfuscateArchiveResult {
  output: string;
  stats: ObfuscationStats;
  known: KnownNetworks;
  /** The networks used, most specific first (the known ones plus loopback). */
  networks: readonly string[];
  /** Whether `gathers.json` was found and marked. */
  metadataMarked: boolean;
}

/** The default output of `obfuscate ARCHIVE`: `x.tar.gz` → `x-obfuscated.tar.gz`. */
export function defaultObfuscatedPath(input: string): string {
  const match = /^(.*?)(\.tar\.gz|\.tgz)$/i.exec(input);
  return match === null ? `${input}-obfuscated.tar.gz` : `${match[1]}-obfuscated${match[2]}`;
}

/**
 * Applies networking obfuscation to an existing archive offline, as the original's
 * `cmd/obfuscate-archive`: two streaming passes over the tar.gz, the first reading the archive's own
 * network, infrastructure, ingress and install-config files to rebuild the known networks, the second
 * obfuscating every entry's content and name into a new tar.gz. `gathers.json` gets
 * `is_global_obfuscation_enabled: true`. The translation table lives only in memory.
 *
 * The output is written under a temporary name beside it and hard-linked into place, so it never
 * replaces an existing file and no half-written archive appears under its name.
 * @throws OperatorError `IO_OBFUSCATE_OUTPUT_EXISTS`, `IO_OBFUSCATE_INPUT` (unreadable or not a tar.gz),
 *   `IO_ARCHIVE_WRITE`
 */
export async function obfuscateArchive(input: string, output: string): Promise<ObfuscateArchiveResult> {
  if (resolve(input) === resolve(output) || (await exists(output))) throw operatorError('IO_OBFUSCATE_OUTPUT_EXISTS', output);
  const files = new Map<string, Buffer>();
  await readEntries(input, async (header, stream) => {
    const name = withoutDotSlash(header.name);
    if (header.type === 'file' && isKnownNetworkFile(name)) files.set(name, await readAll(stream));
    else stream.resume();
  });
  const known = knownNetworksFromArchive(files);
  const obfuscator = createNetworkObfuscator({
    networks: known.networks,
    ...(known.baseDomain === undefined ? {} : { baseDomain: known.baseDomain }),
    ...(known.apiHost === undefined ? {} : { apiHost: known.apiHost }),
    table: new TranslationTable({ limit: Number.MAX_SAFE_INTEGER }),
  });

  const temp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.partial`);
  let file;
  try {
    file = await open(temp, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o640);
  } catch (error) {
    throw operatorError('IO_ARCHIVE_WRITE', output, describeError(error));
  }
  const pack = tar.pack();
  const writing = pipeline(pack, new ChunkCoalescer(), createGzip(), file.createWriteStream({ flush: true }));
  writing.catch(() => undefined);
  let metadataMarked = false;
  const written = new Set<string>();
  try {
    await readEntries(input, async (header, stream) => {
      const isFile = header.type === 'file';
      let data: Buffer = Buffer.alloc(0);
      if (isFile) data = await readAll(stream);
      else stream.resume();
      if (isFile && withoutDotSlash(header.name) === GATHERS_METADATA_ENTRY) {
        data = markObfuscated(data);
        metadataMarked = true;
      }
      const entry = obfuscator.obfuscate({ name: header.name, data });
      // A fresh header: the input's pax records would carry the original long path along.
      const next: Partial<TarHeader> & { name: string } = {
        name: uniqueName(entry.name, written),
        type: header.type ?? 'file',
        mode: header.mode ?? 0o640,
        mtime: header.mtime ?? new Date(0),
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        ...(isFile ? { size: entry.data.length } : {}),
        ...(header.linkname ? { linkname: obfuscator.obfuscate({ name: header.linkname, data: Buffer.alloc(0) }).name } : {}),
      };
      await new Promise<void>((done, fail) => {
        const callback = (error?: Error | null) => (error ? fail(error) : done());
        if (isFile) pack.entry(next, entry.data, callback);
        else pack.entry(next, callback);
      });
    });
    pack.finalize();
    try {
      await writing;
    } catch (error) {
      throw operatorError('IO_ARCHIVE_WRITE', output, describeError(error));
    }
    try {
      await link(temp, output);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw operatorError('IO_OBFUSCATE_OUTPUT_EXISTS', output);
      throw operatorError('IO_ARCHIVE_WRITE', output, describeError(error));
    }
  } finally {
    pack.destroy();
    await writing.catch(() => undefined);
    await unlink(temp).catch(() => undefined);
  }
  return { output, stats: { ...obfuscator.stats }, known, networks: obfuscator.networks, metadataMarked };
}

/** Streams the entries of a tar.gz to `onEntry`, one at a time. */
async function readEntries(path: string, onEntry: (header: TarHeader, stream: AsyncIterable<unknown> & { resume(): unknown }) => Promise<void>): Promise<void> {
  const extract = tar.extract();
  const reading = pipeline(createReadStream(path), createGunzip(), extract);
  reading.catch(() => undefined);
  try {
    for await (const entry of extract) await onEntry(entry.header, entry);
    await reading;
  } catch (error) {
    extract.destroy();
    if ((error as { code?: string }).code?.startsWith('IO_')) throw error;
    throw operatorError('IO_OBFUSCATE_INPUT', path, describeError(error));
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** `gathers.json` with `is_global_obfuscation_enabled: true`, in the same layout (indented or not). */
function markObfuscated(data: Buffer): Buffer {
  const text = data.toString('utf8');
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    return data;
  }
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return data;
  (metadata as Record<string, unknown>)['is_global_obfuscation_enabled'] = true;
  const indent = /^\{\s*\n(\s+)"/.exec(text)?.[1]?.length;
  return Buffer.from(JSON.stringify(metadata, null, indent) + (text.endsWith('\n') ? '\n' : ''), 'utf8');
}

/**
 * Two names can become one (two external addresses both become `0.0.0.0`): the later one gets a
 * `-2`, `-3`… before its extension rather than a duplicate entry that extraction would overwrite.
 */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  const stem = dot > slash + 1 ? name.slice(0, dot) : name;
  const extension = dot > slash + 1 ? name.slice(dot) : '';
  for (let i = 2; taken.has(candidate); i++) candidate = `${stem}-${i}${extension}`;
  taken.add(candidate);
  return candidate;
}

/** `./config/x.json` (an archive made with `tar -C dir .`) → `config/x.json`. */
function withoutDotSlash(name: string): string {
  return name.startsWith('./') ? name.slice(2) : name;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
