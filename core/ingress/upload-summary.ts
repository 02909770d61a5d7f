import { inspectArchive } from '../archive/inspect-archive.ts';

/** A gathering function whose `gathers.json` entry reports errors or a panic. */
export interface FailedFunction {
  name: string;
  errors: string[];
}

/** What an accepted archive holds, for a log line. */
export type UploadSummary =
  | {
    readonly valid: true;
    /** Size of the archive as uploaded (compressed). */
    readonly compressedBytes: number;
    /** Regular files in the archive. */
    readonly files: number;
    /** Uncompressed bytes of all entries. */
    readonly bytes: number;
    /** Functions with errors, from `insights-operator/gathers.json` `status_reports`. */
    readonly failedFunctions: readonly FailedFunction[];
  }
  | { readonly valid: false; readonly compressedBytes: number; readonly reason: string };

/**
 * Summarises an archive with {@link inspectArchive}: its files, bytes and the functions whose
 * `gathers.json` entry has errors or a panic. The metadata lists each plugin (the original: each
 * gatherer) after its functions with their errors repeated, so an entry `x` is left out when an
 * entry `x/…` with errors is listed: each failure is counted once. Never throws.
 */
export async function summarizeUpload(archive: Uint8Array): Promise<UploadSummary> {
  const inspection = await inspectArchive(archive);
  if (!inspection.valid) return { valid: false, compressedBytes: archive.length, reason: inspection.reason };
  return {
    valid: true,
    compressedBytes: archive.length,
    files: inspection.files,
    bytes: inspection.bytes,
    failedFunctions: failedFunctions(inspection.gathers),
  };
}

function failedFunctions(gathers: unknown): FailedFunction[] {
  const reports = (gathers as { status_reports?: unknown } | null)?.status_reports;
  if (!Array.isArray(reports)) return [];
  const failed: FailedFunction[] = [];
  for (const entry of reports as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, errors, panic } = entry as { name?: unknown; errors?: unknown; panic?: unknown };
    if (typeof name !== 'string') continue;
    const messages = Array.isArray(errors) ? errors.map(String) : [];
    if (typeof panic === 'string' && panic !== '') messages.push(`panic: ${panic}`);
    if (messages.length > 0) failed.push({ name, errors: messages });
  }
  return failed.filter((f) => !failed.some((other) => other.name.startsWith(`${f.name}/`)));
}

/**
 * The one line `receive` prints per upload:
 * `<time> <request-id> <bytes> B, <files> files, <n> functions with errors[: name, …]`
 * (`…, not a valid archive: <reason>` for bytes the pipeline could not read).
 */
export function formatUploadLine(at: Date, requestId: string, summary: UploadSummary): string {
  const head = `${at.toISOString()} ${requestId} ${summary.compressedBytes} B`;
  if (!summary.valid) return `${head}, not a valid archive: ${summary.reason}`;
  const failed = summary.failedFunctions;
  const line = `${head}, ${summary.files} files, ${failed.length} functions with errors`;
  if (failed.length === 0) return line;
  const names = failed.slice(0, MAX_NAMES).map((f) => f.name).join(', ');
  return `${line}: ${names}${failed.length > MAX_NAMES ? `, … ${failed.length - MAX_NAMES} more` : ''}`;
}

/** Failed functions named in a line; the rest are counted. */
const MAX_NAMES = 5;
