/**
 * The operator's own logger (`createLogger`: same redaction paths) writing into memory, to assert what
 * was, and was not, logged. One helper for every test that reads log lines.
 */
import { Writable } from 'node:stream';
import type { Logger, LevelWithSilent } from 'pino';
import { createLogger } from '../../core/logging/create-logger.ts';

/** One JSON log line. */
export type LogLine = Record<string, unknown> & { msg: string; level: number };

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far, as written (JSON lines). */
  text(): string;
  /** Every line written so far, parsed. */
  lines(): LogLine[];
}

/** @param level - the most verbose level kept; `trace` by default, so that nothing escapes a leak check */
export function captureLogger(level: LevelWithSilent = 'trace'): CapturedLogger {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const text = () => chunks.join('');
  return {
    logger: createLogger({ level, destination }),
    text,
    lines: () => text().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LogLine),
  };
}
