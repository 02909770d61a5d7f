import type { FunctionReport } from '../runner/function-report.ts';

/**
 * The table the `gather` command prints: one row per function (name, status, duration, records),
 * a total, then the first error of each function that did not succeed.
 */
export function formatSummaryTable(reports: readonly FunctionReport[]): string {
  const rows = [...reports].sort((a, b) => a.name.localeCompare(b.name));
  const header = ['FUNCTION', 'STATUS', 'DURATION', 'RECORDS'];
  const cells = rows.map((r) => [r.name, r.status, formatDuration(r.durationMs), String(r.recordsCount)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i >= 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), ...cells.map(line)];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const records = rows.reduce((sum, r) => sum + r.recordsCount, 0);
  out.push('', `${rows.length} functions: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}; ${records} records`);
  const problems = rows.filter((r) => r.errors.length > 0 && r.status !== 'disabled');
  if (problems.length > 0) {
    out.push('');
    for (const r of problems) out.push(`${r.name}: ${r.errors[0]}${r.errors.length > 1 ? ` (+${r.errors.length - 1} more)` : ''}`);
  }
  return out.join('\n');
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}
