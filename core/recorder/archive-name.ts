/** Pattern of finished archives in the storage directory; nothing else there is ever touched as one. */
export const ARCHIVE_NAME_PATTERN = /^insights-\d{4}-\d{2}-\d{2}-\d{6}\.tar\.gz$/;

/** `insights-YYYY-MM-DD-HHMMSS.tar.gz` for a time, in UTC, as the original names its archives. */
export function archiveFileName(at: Date): string {
  const iso = at.toISOString(); // 2026-11-24T19:45:17.123Z
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `insights-${date}-${time}.tar.gz`;
}

/** Prefix of in-progress archives: hidden, and never matching {@link ARCHIVE_NAME_PATTERN}. */
export const TEMP_PREFIX = '.insights-partial-';

/** Temporary file name, carrying the writer's pid and process instance, so a live writer's file is never cleaned up. */
export function tempFileName(pid: number, instance: string, unique: string): string {
  return `${TEMP_PREFIX}${pid}-${instance}-${unique}.tar.gz.tmp`;
}

/** The writer a temporary file name names, or `undefined` when the name is not one of ours. */
export function tempFileOwner(name: string): { pid: number; instance: string } | undefined {
  const match = /^\.insights-partial-(\d+)-([0-9a-f]+)-[0-9a-f]+\.tar\.gz\.tmp$/.exec(name);
  if (match === null) return undefined;
  return { pid: Number(match[1]), instance: match[2]! };
}
