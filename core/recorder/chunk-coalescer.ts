import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** Size of the writes handed to gzip; tar-stream's 512-byte pieces would cost zlib a call each. */
export const COALESCE_BYTES = 256 * 1024;

/**
 * Gathers small chunks into writes of about {@link COALESCE_BYTES}, so that zlib works on large buffers.
 * Large chunks pass straight through after the pending small ones.
 */
export class ChunkCoalescer extends Transform {
  #parts: Buffer[] = [];
  #size = 0;
  readonly #target: number;

  constructor(target = COALESCE_BYTES) {
    super({ writableHighWaterMark: target, readableHighWaterMark: target });
    this.#target = target;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#parts.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= this.#target) this.#flushParts();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#flushParts();
    callback();
  }

  #flushParts(): void {
    if (this.#size === 0) return;
    const buffer = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#size);
    this.#parts = [];
    this.#size = 0;
    this.push(buffer);
  }
}
