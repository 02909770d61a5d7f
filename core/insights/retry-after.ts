/**
 * The delay a `Retry-After` header asks for, in ms (RFC 9110 §10.2.3): either a whole number of
 * seconds or an HTTP-date, measured from `now`. A date in the past means "now" (0).
 *
 * @returns the delay, or `undefined` when the header is absent or neither form parses (the caller then
 *   uses its own backoff). The caller clamps it to its cap.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // Only the date forms HTTP allows (IMF-fixdate and the two obsolete ones) have a weekday or a
  // month name; this keeps Date.parse from accepting numbers with signs or fractions ("-1", "1.5").
  if (!/[a-z]{3}/i.test(text)) return undefined;
  // HTTP dates are always GMT; the obsolete asctime form does not say so, and Date.parse would take it as local time.
  const at = Date.parse(/\b(GMT|UTC)\b|[+-]\d{4}$/.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
