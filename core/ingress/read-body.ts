import type { IncomingMessage } from 'node:http';

/** A request body, or how large it was when it passed the limit. */
export type BodyRead =
  | { readonly tooLarge: false; readonly body: Buffer }
  | { readonly tooLarge: true; readonly bytes: number };

/**
 * Reads a request body, keeping at most `limit` bytes in memory. Past the limit the rest is drained
 * and dropped, so the server can still answer (413) on a healthy connection.
 * Rejects when the client goes away before the body ends.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    let ended = false;
    request.once('end', () => {
      ended = true;
      resolve(bytes > limit ? { tooLarge: true, bytes } : { tooLarge: false, body: Buffer.concat(chunks) });
    });
    request.once('error', reject);
    request.once('close', () => {
      if (!ended) reject(new Error('the client closed the connection before the body ended'));
    });
  });
}
