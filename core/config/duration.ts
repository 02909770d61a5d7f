import { operatorError } from '../errors/codes.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go-style duration (`90s`, `5m`, `1h30m`, `250ms`) into milliseconds, as the original's
 * configuration uses them.
 * @param value - the text
 * @param input - names the input in the error message, for example `--timeout`
 */
export function parseDuration(value: string, input: string): number {
  const text = value.trim();
  const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(text) ? text.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g) : null;
  if (parts === null) throw operatorError('IO_BAD_DURATION', input, value);
  let total = 0;
  for (const part of parts) {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part) ?? [];
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(total) || total <= 0) throw operatorError('IO_BAD_DURATION', input, value);
  return total;
}
