import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A request body: its size and digest always, its bytes only up to the limit. */
export interface RequestBody {
  bytes: number;
  sha256: string;
  /** Undefined when the body passed the limit. */
  body: Buffer | undefined;
}

/** Reads a whole body, hashing all of it and keeping at most `limit` bytes. Rejects if the client goes away first. */
export function readRequest(request: IncomingMessage, limit: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let bytes = 0;
    let ended = false;
    request.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.once('end', () => {
      ended = true;
      resolve({ bytes, sha256: hash.digest('hex'), body: bytes <= limit ? Buffer.concat(chunks) : undefined });
    });
    request.once('error', reject);
    request.once('close', () => {
      if (!ended) reject(new Error('the client went away before the body ended'));
    });
  });
}
