/**
 * A point in time with the nanosecond precision of Go's `time.Time`, which a JavaScript `Date`
 * (milliseconds) would lose when timestamps carry a longer fraction.
 */
export interface GoTime {
  /** Whole seconds since the epoch. */
  seconds: number;
  /** Nanoseconds within the second. */
  nanos: number;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

/** An RFC 3339 timestamp as the API serves it; `undefined` when absent or unparsable. */
export function parseGoTime(value: unknown): GoTime | undefined {
  const m = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]?.toUpperCase()}`);
  return Number.isNaN(ms) ? undefined : { seconds: ms / 1000, nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

/** The time of a `Date`. */
export function goTimeOf(date: Date): GoTime {
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6 };
}

/**
 * Go's JSON form of a `time.Time` (RFC 3339, fraction without trailing zeros) in UTC, the zone of the
 * operator's pod.
 */
export function formatGoTime(t: GoTime): string {
  const fraction = t.nanos === 0 ? '' : `.${String(t.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${new Date(t.seconds * 1000).toISOString().slice(0, 19)}${fraction}Z`;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareGoTimes(a: GoTime, b: GoTime): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}
