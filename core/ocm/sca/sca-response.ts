import { isJsonObject } from '../json-merge-patch.ts';
import { parseJsonQuietly } from '../parse-json-quietly.ts';

/** One architecture's certificate from the SCA API (`items[]`; the original's `CertData`). */
export interface ScaCertificate {
  /** Architecture in the SCA API's names (`metadata.arch`), e.g. `x86_64`. */
  arch: string;
  cert: string;
  key: string;
}

/** The SCA API's answer: `{"items":[{"id","organization_id","key","cert","metadata":{"arch"}}],"kind","total"}`. */
export interface ScaResponse {
  items: ScaCertificate[];
  total: number;
}

/** The outcome of {@link parseScaResponse}; a problem never quotes the body (it holds private keys). */
export type ScaParse = { ok: true; response: ScaResponse } | { ok: false; problem: string };

/** Reads an SCA API answer, checking the members the controller uses. */
export function parseScaResponse(body: Uint8Array): ScaParse {
  const parsed = parseJsonQuietly(body);
  if (!parsed.ok) return { ok: false, problem: `the SCA response: ${parsed.problem}` };
  const value = parsed.value;
  if (!isJsonObject(value)) return { ok: false, problem: 'the SCA response is not a JSON object' };
  const items = value['items'] ?? [];
  if (!Array.isArray(items)) return { ok: false, problem: 'the SCA response: "items" is not an array' };
  const certificates: ScaCertificate[] = [];
  for (const [index, item] of items.entries()) {
    const metadata = isJsonObject(item) ? item['metadata'] : undefined;
    const arch = isJsonObject(metadata) ? metadata['arch'] : undefined;
    if (!isJsonObject(item) || typeof item['cert'] !== 'string' || typeof item['key'] !== 'string') {
      return { ok: false, problem: `the SCA response: items[${index}] has no "cert" and "key" strings` };
    }
    certificates.push({ arch: typeof arch === 'string' ? arch : '', cert: item['cert'], key: item['key'] });
  }
  const total = value['total'];
  return { ok: true, response: { items: certificates, total: typeof total === 'number' ? total : certificates.length } };
}
