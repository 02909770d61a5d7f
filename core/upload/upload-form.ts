/** Content type of the archive part: the original's exact string since 2019, with no `+tgz` suffix. */
export const ARCHIVE_CONTENT_TYPE = 'application/vnd.redhat.openshift.periodic';
/** File name of the archive part, as the original sends it. */
export const ARCHIVE_PART_FILENAME = 'payload.tar.gz';
/** File name of the metadata part (Go's `CreateFormFile`, hence `application/octet-stream`). */
export const METADATA_PART_FILENAME = 'metadata.json';

/** RFC 3339 with whole seconds, as Go's `time.RFC3339` formats a UTC time: `2026-11-24T12:00:00Z`. */
export function rfc3339(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The multipart body of one upload, as the original's `SendAndGetID` writes it: part `file`
 * (`payload.tar.gz`, {@link ARCHIVE_CONTENT_TYPE}) with the archive, then part `metadata`
 * (`metadata.json`) with `{"custom_metadata":{"gathering_time":"<RFC 3339>"}}`. A fresh form per
 * attempt.
 * @param archive - the whole `.tar.gz`; pass a `Blob` to share one copy of the bytes between attempts
 * @param gatheringTime - when the archive was written (its mtime)
 */
export function uploadForm(archive: Uint8Array | Blob, gatheringTime: Date): FormData {
  const form = new FormData();
  const bytes = archive instanceof Blob ? archive : new Blob([archive as Uint8Array<ArrayBuffer>]);
  // A Blob made of a Blob shares its data: retries do not copy the archive again.
  form.append('file', new Blob([bytes], { type: ARCHIVE_CONTENT_TYPE }), ARCHIVE_PART_FILENAME);
  const metadata = JSON.stringify({ custom_metadata: { gathering_time: rfc3339(gatheringTime) } });
  form.append('metadata', new Blob([metadata], { type: 'application/octet-stream' }), METADATA_PART_FILENAME);
  return form;
}
