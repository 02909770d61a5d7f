/**
 * Constants of the public insights-ingress-go service's upload contract (original-operator.md
 * Appendix B), shared by the `receive` command and the console simulator.
 */

/** Path of the upload endpoint. */
export const INGRESS_UPLOAD_PATH = '/api/ingress/v1/upload';

/** Response header carrying the upload's request id. */
export const REQUEST_ID_HEADER = 'x-rh-insights-request-id';

/** The service's default size limit for an archive part (its `DefaultMaxSize`). */
export const INGRESS_DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/** Services (`application/vnd.redhat.<service>.<category>`) this project's ingresses accept. */
export const ACCEPTED_SERVICES: readonly string[] = ['openshift'];

/**
 * Room for the multipart framing and the metadata part on top of the archive limit: a request body
 * beyond `maxBytes + MULTIPART_ALLOWANCE` is refused with 413 without being parsed, so a huge upload
 * cannot exhaust memory.
 */
export const MULTIPART_ALLOWANCE = 1024 * 1024;

/** The 202 body, as the service writes it: `{"request_id":"…","upload":{"org_id":"…"}}`. */
export function acceptedBody(requestId: string, orgId: string): string {
  return JSON.stringify({ request_id: requestId, upload: { org_id: orgId } });
}
