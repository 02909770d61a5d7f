/**
 * A duration in milliseconds written the way the configuration accepts durations (`90s`, `5m`,
 * `1h30m`), so that a documented timeout can be pasted into `gather.functionTimeouts`.
 * @param ms - a non-negative whole number of milliseconds
 */
export function formatMillis(ms: number): string {
  if (ms === 0) return '0s';
  const units: ReadonlyArray<readonly [string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]];
  let rest = ms;
  let text = '';
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
