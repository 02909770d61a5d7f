import { operatorError } from '../errors/codes.ts';
import { parseGoDuration } from './go-duration.ts';

/**
 * Parses a positive Go-style duration (`90s`, `5m`, `1h30m`, `250ms`) into milliseconds, as the
 * original's configuration writes them; zero, negative and malformed values are refused.
 * @param value - the text
 * @param input - names the input in the error message, for example `--timeout`
 */
export function parseDuration(value: string, input: string): number {
  const ms = parseGoDuration(value.trim());
  if (ms === undefined || !(ms > 0) || !Number.isFinite(ms)) throw operatorError('IO_BAD_DURATION', input, value);
  return ms;
}
