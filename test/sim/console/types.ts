/** The console simulator's public types. */

/** The endpoints the simulator serves (`unknown`: any other path, answered 404). */
export type ConsoleRoute = 'upload' | 'report' | 'rules' | 'sca' | 'transfers';

/** One scripted answer: consumed in order per route, before the route's default behaviour. */
export interface ScriptedResponse {
  /** The status to answer; without one (and without `reset`) the default behaviour answers, after `delayMs`. */
  status?: number;
  headers?: Record<string, string>;
  /** A string or bytes as is; anything else as JSON (with `content-type: application/json` unless given). */
  body?: unknown;
  /** Wait this long (after the body was read) before answering. */
  delayMs?: number;
  /** Cut the TCP connection (RST) instead of answering. */
  reset?: boolean;
}

/** What the ingress took from an upload, on the request log entry. */
export interface UploadRecord {
  /** The request id answered (202 only). */
  requestId?: string;
  /** Part name and Content-Type of the archive part, when one was found. */
  partName?: string;
  partType?: string;
  /** sha256 of the archive part, when one was found. */
  archiveSha256?: string;
  /** `metadata.custom_metadata.gathering_time`, when sent. */
  gatheringTime?: string;
  /** Why the upload was refused. */
  error?: string;
}

/** One request, as logged. */
export interface ConsoleRequest {
  /** `performance.now()` when the request arrived. */
  at: number;
  /** `performance.now()` when it was answered or reset; absent while pending. */
  answeredAt?: number;
  method: string;
  path: string;
  /** The raw query string, without `?` ('' for none). */
  query: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  route: ConsoleRoute | 'unknown';
  /** The status answered; 0 while pending, and for resets and clients that went away. */
  status: number;
  /** Whether a scripted response decided the answer (a script entry without `status` leaves this false). */
  scripted: boolean;
  bodyBytes: number;
  bodySha256: string;
  /** For the upload route when the default behaviour ran. */
  upload?: UploadRecord;
}

/** An archive the ingress accepted (answered 202). */
export interface ConsoleUpload {
  requestId: string;
  /** sha256 (hex) of the archive part. */
  sha256: string;
  bytes: Buffer;
  /** `metadata.custom_metadata.gathering_time`, when sent. */
  gatheringTime?: string;
  /** The `metadata` part, parsed, when sent. */
  metadata?: unknown;
  /** `performance.now()` when accepted. */
  at: number;
}

/** An entitlement certificate and key for one architecture (OCM names: x86_64, aarch64, ...). */
export interface Entitlement {
  cert: string;
  key: string;
}
