const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/**
 * Parses a duration the way Go's `time.ParseDuration` does (what the original uses for the `support`
 * secret and the `insights-config` ConfigMap): an optional sign, then one or more `<number><unit>` with
 * units ns, us/µs, ms, s, m, h; `0` alone is zero. Unlike {@link parseDuration} of `duration.ts` it
 * accepts zero and negative values, because the merge rules of those sources decide what they mean
 * (`parseDuration` is this, restricted to positive values).
 * @returns milliseconds, or `undefined` when the text is not a duration
 */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([+-]?)(.*)$/s.exec(text);
  const sign = match?.[1] === '-' ? -1 : 1;
  const body = match?.[2] ?? '';
  if (body === '0') return 0;
  if (body === '' || !/^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.test(body)) return undefined;
  let total = 0;
  for (const part of body.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? sign * total : undefined;
}

/** Milliseconds as a short Go-style duration for messages (`2h0m0s` is written `2h`, `90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  return sign + (h > 0 ? `${h}h` : '') + (m > 0 ? `${m}m` : '') + (s > 0 ? `${s}s` : '');
}
