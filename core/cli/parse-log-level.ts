import type { LevelWithSilent } from 'pino';
import { LOG_LEVELS } from '../logging/create-logger.ts';
import { UsageError } from './command.ts';

/** Checks a `--log-level` value. */
export function parseLogLevel(value: string): LevelWithSilent {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new UsageError(`--log-level: "${value}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return value as LevelWithSilent;
}
