/** A pino logger at the most verbose level whose lines are kept in memory, to assert what was (not) logged. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from 'pino';

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far, as written (JSON). */
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => chunks.join('') };
}
