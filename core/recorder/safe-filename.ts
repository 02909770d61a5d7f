/** Longest file name (last path segment) stored, in bytes, as the original's `maxFilenameLength`. */
export const MAX_FILENAME_BYTES = 255;

/**
 * Shortens the last segment of an archive path to {@link MAX_FILENAME_BYTES} bytes of UTF-8, keeping
 * its extension, so that the archive can be extracted on any file system. Multi-byte characters are
 * never split.
 */
export function ensureSafeFilenameLength(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  if (Buffer.byteLength(base) <= MAX_FILENAME_BYTES) return path;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && Buffer.byteLength(base.slice(dot)) < 32 ? base.slice(dot) : '';
  let stem = base.slice(0, base.length - ext.length);
  const budget = MAX_FILENAME_BYTES - Buffer.byteLength(ext);
  while (Buffer.byteLength(stem) > budget) {
    // Drop whole code points, so that no multi-byte character is cut in half.
    stem = Array.from(stem).slice(0, -Math.max(1, Math.floor((Buffer.byteLength(stem) - budget) / 4))).join('');
  }
  return dir + stem + ext;
}
