import { pino } from 'pino';
import type { Logger, LevelWithSilent } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Field paths that may carry credentials; pino replaces their values wherever they appear in a log line. */
const REDACTED_PATHS = [
  'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'password', '*.password', 'bearerToken', '*.bearerToken',
];

/** The levels a user may choose, in pino's names. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * The operator's root logger: JSON lines on stderr (stdout belongs to command output), credentials
 * redacted by path. `pretty` renders human-readable lines instead (for a terminal); it formats in the
 * same thread, so no line is lost when the process exits.
 */
export function createLogger(options: { level?: LevelWithSilent; destination?: NodeJS.WritableStream; pretty?: boolean } = {}): Logger {
  const destination = (options.destination ?? process.stderr) as pino.DestinationStream;
  return pino(
    {
      level: options.level ?? 'info',
      base: { component: 'insights-operator' },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.pretty === true
      ? PinoPretty({ destination, sync: true, colorize: true, singleLine: true, ignore: 'pid,hostname,component', translateTime: 'SYS:HH:MM:ss' })
      : destination,
  );
}
