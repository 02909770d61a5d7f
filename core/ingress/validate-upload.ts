import { Response } from 'undici';
import { describeError } from '../errors/codes.ts';
import { ACCEPTED_SERVICES, INGRESS_DEFAULT_MAX_BYTES } from './ingress-contract.ts';

/** A request to the upload endpoint: its `Content-Type` header and its whole body. */
export interface UploadRequest {
  contentType: string | undefined;
  body: Buffer;
}

/** Limits of a particular ingress. */
export interface ValidateUploadOptions {
  /** Largest archive part accepted (default 100 MiB, the service's default). */
  maxBytes?: number;
  /** Accepted `<service>` values of the part type (default `['openshift']`). */
  services?: readonly string[];
}

/** What the ingress answers, and what it took from the request when it accepts it. */
export interface UploadVerdict {
  status: 202 | 400 | 413 | 415;
  /** Why the upload was refused (absent on 202). */
  error?: string;
  /** The archive part's bytes (on 202). */
  archive?: Buffer;
  /** Which part carried the archive. */
  partName?: 'file' | 'upload';
  /** The archive part's Content-Type, as received (present once the part was found). */
  partType?: string;
  /** The `metadata` part parsed as JSON, when present and valid. */
  metadata?: unknown;
  /** Why a present `metadata` part was ignored (the service only logs this; the upload is still accepted). */
  metadataError?: string;
}

// As the service's `contentTypePat`, which Go's FindStringSubmatch applies unanchored.
const PART_TYPE = /application\/vnd\.redhat\.([a-z0-9-]+)\.([a-z0-9-]+)/;
// The service maps these plain gzip types to the `advisor` service (RHEL insights-client uploads).
const ADVISOR_TYPES = new Set(['application/x-gzip; charset=binary', 'application/gzip', 'application/gzip; charset=binary']);

function serviceOf(partType: string): string | undefined {
  if (ADVISOR_TYPES.has(partType)) return 'advisor';
  return PART_TYPE.exec(partType)?.[1];
}

/**
 * Decides an upload as the public insights-ingress-go does (original-operator.md Appendix B), in its
 * order: the body must be multipart/form-data with a file part named `file` (else `upload`) — 400;
 * that part's Content-Type must look like `application/vnd.redhat.<service>.<category>` with an
 * accepted service — 415 (a part without a Content-Type reads as `text/plain`, so it is refused
 * too); the part must not exceed `maxBytes` — 413. An optional `metadata` part (a file or a plain
 * field) is parsed as JSON; a bad one does not fail the upload, as in the service.
 * Parsing is undici's `Response#formData()`. Never throws.
 */
export async function validateUpload(request: UploadRequest, options: ValidateUploadOptions = {}): Promise<UploadVerdict> {
  const maxBytes = options.maxBytes ?? INGRESS_DEFAULT_MAX_BYTES;
  const services = options.services ?? ACCEPTED_SERVICES;
  const contentType = request.contentType ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    return { status: 400, error: `the request is not multipart/form-data (Content-Type "${contentType}")` };
  }
  let form: Awaited<ReturnType<Response['formData']>>;
  try {
    form = await new Response(request.body, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    return { status: 400, error: `the multipart body cannot be parsed: ${describeError(error)}` };
  }

  const found = findFilePart(form, 'file') ?? findFilePart(form, 'upload');
  if (found === undefined) {
    const names = [...new Set([...form.keys()])].sort();
    return { status: 400, error: `no file part named "file" or "upload" (parts: ${names.length === 0 ? 'none' : names.join(', ')})` };
  }
  const { partName, part } = found;
  const partType = part.type;
  const service = serviceOf(partType);
  if (service === undefined) {
    return { status: 415, partName, partType, error: `the "${partName}" part's Content-Type "${partType}" is not application/vnd.redhat.<service>.<category>` };
  }
  if (!services.includes(service)) {
    return { status: 415, partName, partType, error: `the "${partName}" part's service "${service}" is not accepted (accepted: ${services.join(', ')})` };
  }
  if (part.size > maxBytes) {
    return { status: 413, partName, partType, error: `the archive is ${part.size} bytes, above the ${maxBytes}-byte limit` };
  }
  const archive = Buffer.from(await part.arrayBuffer());
  return { status: 202, archive, partName, partType, ...(await readMetadata(form)) };
}

type Form = Awaited<ReturnType<Response['formData']>>;
type FormFile = Exclude<ReturnType<Form['get']>, string | null>;

// The service's FormFile only sees parts sent with a filename, which undici parses as File objects.
function findFilePart(form: Form, name: 'file' | 'upload'): { partName: 'file' | 'upload'; part: FormFile } | undefined {
  const part = form.getAll(name).find((value) => typeof value !== 'string');
  return part === undefined ? undefined : { partName: name, part: part as FormFile };
}

async function readMetadata(form: Form): Promise<{ metadata?: unknown; metadataError?: string }> {
  const value = form.get('metadata');
  if (value === null) return {};
  const text = typeof value === 'string' ? value : await value.text();
  try {
    return { metadata: JSON.parse(text) as unknown };
  } catch (error) {
    return { metadataError: `the metadata part is not JSON: ${describeError(error)}` };
  }
}
