/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs a candidate and its baseline alternately, `rounds` times each, and returns the median times in
 * milliseconds. Alternating spreads the noise of a shared machine over both.
 */
export async function timePair(
  rounds: number,
  candidate: () => Promise<void>,
  baseline: () => Promise<void>,
): Promise<{ candidateMs: number; baselineMs: number }> {
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await baseline();
    b.push(performance.now() - t);
    t = performance.now();
    await candidate();
    c.push(performance.now() - t);
  }
  return { candidateMs: median(c), baselineMs: median(b) };
}

/** One row of the final table. */
export interface BenchRow {
  name: string;
  measured: string;
  baseline: string;
  ratio: number;
  /** What the ratio must satisfy, e.g. `>= 0.80`. */
  target: string;
  pass: boolean;
}

/** The table printed at the end of `npm run bench`. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'measured', 'baseline', 'ratio', 'target', 'ok'];
  const cells = rows.map((r) => [r.name, r.measured, r.baseline, r.ratio.toFixed(3), r.target, r.pass ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells].map((c) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
