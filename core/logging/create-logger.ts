import { pino } from 'pino';
import type { Logger, LevelWithSilent } from 'pino';

/** Field paths that may carry credentials; pino replaces their values wherever they appear in a log line. */
const REDACTED_PATHS = [
  'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'password', '*.password', 'bearerToken', '*.bearerToken',
];

/**
 * The operator's root logger: JSON lines on stderr (stdout belongs to command output), credentials
 * redacted by path.
 */
export function createLogger(options: { level?: LevelWithSilent; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { component: 'insights-operator' },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}
