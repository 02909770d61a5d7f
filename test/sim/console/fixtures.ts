/**
 * Helpers for tests of the ingress contract, the console simulator and `receive`: archives the
 * pipeline can read, multipart bodies made by undici's real FormData, and an agent trusting a CA.
 */
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { Agent, FormData, Response } from 'undici';

/** The part type the operator sends. */
export const PERIODIC = 'application/vnd.redhat.openshift.periodic';

/** A tar.gz of the given entries (text or bytes). */
export async function makeArchive(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, data] of Object.entries(entries)) pack.entry({ name, mode: 0o640 }, data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** A small valid archive; `failed` names functions whose gathers.json entries report errors. */
export function validArchive(options: { failed?: readonly string[]; extra?: Record<string, string> } = {}): Promise<Buffer> {
  const statusReports: Array<{ name: string; errors: string[] | null; status: string }> = [
    ...(options.failed ?? []).map((name) => ({ name, errors: [`${name} broke`], status: 'error' })),
    { name: 'clusterconfig/version', errors: null, status: 'ok' },
  ];
  return makeArchive({
    'config/id': '0d1e5e5e-1111-4222-8333-444455556666',
    'insights-operator/gathers.json': JSON.stringify({ status_reports: statusReports }),
    ...options.extra,
  });
}

/** The multipart the operator sends: `file` (payload.tar.gz, PERIODIC) and `metadata`. */
export function uploadForm(archive: Buffer, options: { partName?: string; type?: string; gatheringTime?: string; filename?: string } = {}): FormData {
  const form = new FormData();
  form.append(options.partName ?? 'file', new Blob([archive], { type: options.type ?? PERIODIC }), options.filename ?? 'payload.tar.gz');
  form.append('metadata', new Blob([JSON.stringify({ custom_metadata: { gathering_time: options.gatheringTime ?? '2024-05-01T10:00:00Z' } })]), 'metadata.json');
  return form;
}

/** A FormData as it goes on the wire: its Content-Type (with boundary) and bytes. */
export async function encodeForm(form: FormData): Promise<{ contentType: string; body: Buffer }> {
  const response = new Response(form);
  return { contentType: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * A multipart body written by hand, for what FormData cannot express (a part without a Content-Type
 * header). Each part: name, optional filename, optional content type, data.
 */
export function rawMultipart(parts: ReadonlyArray<{ name: string; filename?: string; type?: string; data: string | Buffer }>): { contentType: string; body: Buffer } {
  const boundary = 'console-sim-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`}\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** An undici agent that trusts `caPem` (and nothing else); close it after the test. */
export function trustingAgent(caPem: string, connect: Record<string, unknown> = {}): Agent {
  return new Agent({ connect: { ca: caPem, ...connect } });
}
