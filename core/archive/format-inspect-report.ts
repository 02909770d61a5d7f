import type { InspectReport } from './inspect-report.ts';

/** Width the text is laid out for. */
export const INSPECT_WIDTH = 100;
/** How many of the slowest functions are listed. */
export const SLOWEST_FUNCTIONS = 10;

/**
 * The human-readable `inspect` output: what ran and how each function ended (with why, when it did not
 * succeed), the slowest functions, the largest files, the obfuscation state and the redaction report.
 * Lines fit in {@link INSPECT_WIDTH} columns; long names in the table are shortened with `…`, and the
 * reasons are given in full (wrapped) after it.
 */
export function formatInspectReport(r: InspectReport): string {
  const out: string[] = [];
  const ran = r.functions.length - r.status_counts.disabled - r.status_counts.skipped;
  const counts = Object.entries(r.status_counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  out.push(`Archive    ${r.archive}`);
  out.push(`           ${formatBytes(r.compressed_bytes)} compressed; ${r.files} files, ${formatBytes(r.bytes)} uncompressed`);
  out.push(`Functions  ${r.functions.length} listed, ${ran} ran: ${counts || 'none'}; ${r.records_count} records stored`);
  if (r.plugins.length > 0) {
    out.push(...wrap(`Plugins    ${r.plugins.map((p) => `${p.name}${p.version === null ? '' : ` ${p.version}`} (${p.status})`).join(', ')}`, 11));
  }

  out.push('', 'Status per function');
  out.push(...table(
    ['FUNCTION', 'STATUS', 'DURATION', 'RECORDS'],
    [...r.functions].sort((a, b) => a.name.localeCompare(b.name)).map((f) => [f.name, f.status, formatDuration(f.duration_in_ms), String(f.records_count)]),
    [false, false, true, true],
  ));
  const notOk = r.functions.filter((f) => f.status !== 'ok').sort((a, b) => a.name.localeCompare(b.name));
  if (notOk.length > 0) {
    out.push('', 'Why functions did not succeed');
    for (const f of notOk) {
      const more = f.status === 'error' || f.status === 'timeout' ? f.errors - 1 : 0;
      out.push(...wrap(`  ${f.name} (${f.status}): ${f.reason ?? 'no reason recorded'}${more > 0 ? ` (+${more} more)` : ''}`, 4));
    }
  }

  const slowest = r.functions.filter((f) => f.duration_in_ms > 0)
    .sort((a, b) => b.duration_in_ms - a.duration_in_ms || a.name.localeCompare(b.name)).slice(0, SLOWEST_FUNCTIONS);
  if (slowest.length > 0) {
    out.push('', `Slowest functions (top ${SLOWEST_FUNCTIONS})`);
    out.push(...table(['DURATION', 'FUNCTION'], slowest.map((f) => [formatDuration(f.duration_in_ms), f.name]), [true, false]));
  }

  out.push('', `Largest files (top ${r.largest_files.length})`);
  out.push(...table(['SIZE', 'FILE'], r.largest_files.map((f) => [formatBytes(f.bytes), f.name]), [true, false]));
  out.push('', 'Files per directory');
  out.push(...table(['DIRECTORY', 'FILES', 'SIZE'], r.directories.map((d) => [d.name, String(d.files), formatBytes(d.bytes)]), [false, true, true]));

  out.push('', 'Obfuscation');
  out.push(`  networking      ${r.obfuscation.networking ? 'on' : 'off'} (gathers.json is_global_obfuscation_enabled)`);
  out.push(...wrap(`  workload names  ${r.obfuscation.workload_names.replace('-', ' ')}: ${r.obfuscation.workload_names_evidence}`, 18));

  out.push('', 'Redactions (insights-operator/redactions.json)');
  if (r.redactions === null) {
    out.push(...wrap('  no redaction report: the archive was not scrubbed by this operator (or was written before it scrubbed)', 4));
  } else if (r.redactions.total === 0) {
    out.push('  nothing masked');
  } else {
    const x = r.redactions;
    out.push(`  ${plural(x.total, 'value')} masked in ${plural(x.files, 'file')} by ${plural(x.rules.length, 'rule')}`);
    out.push(...table(['RULE', 'VALUES', 'FILES'], x.rules.map((rule) => [rule.rule, String(rule.count), String(rule.files)]), [false, true, true]));
  }

  const failures = Array.isArray(r.gathers.plugin_failures) ? r.gathers.plugin_failures as { directory?: unknown; reason?: unknown }[] : [];
  if (failures.length > 0) {
    out.push('', 'Plugins that failed to load');
    for (const f of failures) out.push(...wrap(`  ${String(f.directory)}: ${String(f.reason)}`, 4));
  }
  const unknown = Array.isArray(r.gathers.unknown_disabled_gatherers) ? r.gathers.unknown_disabled_gatherers.map(String) : [];
  if (unknown.length > 0) out.push('', ...wrap(`disabledGatherers entries that name nothing: ${unknown.join(', ')}`, 2));
  if (r.problems.length > 0) {
    out.push('', 'Problems');
    for (const p of r.problems) out.push(...wrap(`  ${p}`, 4));
  }
  return out.join('\n');
}

/** Columns padded to their widths; the first left-aligned column absorbs what does not fit. */
function table(header: string[], rows: string[][], right: boolean[]): string[] {
  const indent = 2;
  const gap = 2;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const total = indent + widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
  const flexible = right.indexOf(false);
  if (total > INSPECT_WIDTH && flexible >= 0) widths[flexible] = Math.max(header[flexible]!.length, widths[flexible]! - (total - INSPECT_WIDTH));
  const line = (cells: string[]) => ' '.repeat(indent) + cells.map((cell, i) => {
    const w = widths[i]!;
    const text = cell.length > w ? `${cell.slice(0, w - 1)}…` : cell;
    // The last column is not padded: no trailing spaces.
    if (i === cells.length - 1 && !right[i]) return text;
    return right[i] ? text.padStart(w) : text.padEnd(w);
  }).join(' '.repeat(gap));
  return [line(header), ...rows.map(line)];
}

/** Breaks `text` at spaces into lines of at most {@link INSPECT_WIDTH}, continuation lines indented. */
function wrap(text: string, hang: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > INSPECT_WIDTH) {
    let cut = rest.lastIndexOf(' ', INSPECT_WIDTH);
    if (cut <= hang) cut = INSPECT_WIDTH;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = ' '.repeat(hang) + rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Bytes with binary units, one decimal above 1 KiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds as `850ms`, `12.3s` or `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
