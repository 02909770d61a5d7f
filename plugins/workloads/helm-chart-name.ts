/** Versions that are words rather than dotted numbers, which the original still accepts. */
const STRING_VERSIONS: ReadonlySet<string> = new Set(['latest', 'beta', 'alpha']);

/**
 * The original's `helmChartNameAndVersion`: splits a `helm.sh/chart` label (`<name>-<version>`) at its
 * last dash; the last part is a version only if it has a dot or is one of the word versions.
 */
export function helmChartNameAndVersion(chart: string): { name: string; version: string } {
  const parts = chart.split('-');
  if (parts.length === 1) return { name: chart, version: '' };
  const name = parts.slice(0, -1).join('-');
  const version = parts[parts.length - 1]!;
  if (!version.includes('.') && !STRING_VERSIONS.has(version)) return { name: `${name}-${version}`, version: '' };
  return { name, version };
}
