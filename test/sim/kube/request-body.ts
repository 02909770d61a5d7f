/** What a write request carries: its body (size-limited), content type, type meta and namespace, dryRun. */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { refuse, unsupportedMediaType } from './errors.ts';
import type { ResourceType } from './resource-types.ts';
import { badRequest, failure } from './status.ts';
import type { KubeObject } from './store.ts';

/** kube-apiserver's default request body limit. */
const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) refuse(failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const mediaType = (req: IncomingMessage): string => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** A create/update body: JSON (the default), or YAML as kube-apiserver also takes. */
export function parseObject(text: string, req: IncomingMessage): Record<string, unknown> {
  const type = mediaType(req);
  if (type !== '' && type !== 'application/json' && type !== 'application/yaml') refuse(unsupportedMediaType(['application/json', 'application/yaml']));
  let value: unknown;
  try {
    value = type === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    return refuse(badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse(badRequest(`Object 'Kind' is missing in '${text}'`));
  return value as Record<string, unknown>;
}

/** apiVersion/kind of a body: typed endpoints default them (kube decodes into the endpoint's type), CRs need them. */
export function checkTypeMeta(t: ResourceType, obj: Record<string, unknown>, text: string): KubeObject {
  if (obj['kind'] === undefined || obj['kind'] === '') {
    if (!t.typed) refuse(badRequest(`Object 'Kind' is missing in '${text}'`));
    obj['kind'] = t.kind;
  }
  obj['apiVersion'] ??= t.apiVersion;
  if (obj['apiVersion'] !== t.apiVersion) refuse(badRequest(`the API version in the data (${String(obj['apiVersion'])}) does not match the expected API version (${t.apiVersion})`));
  if (obj['kind'] !== t.kind) refuse(badRequest(`the kind in the data (${String(obj['kind'])}) does not match the expected kind (${t.kind})`));
  const meta = obj['metadata'];
  if (meta === undefined || meta === null) obj['metadata'] = {};
  else if (typeof meta !== 'object' || Array.isArray(meta)) refuse(badRequest('metadata: expected an object'));
  return obj as unknown as KubeObject;
}

/** The request's namespace goes into the object; a different one in the body is refused. */
export function placeInNamespace(t: ResourceType, obj: KubeObject, namespace: string | undefined): void {
  if (!t.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const given = obj.metadata.namespace;
  if (given !== undefined && given !== '' && given !== namespace) {
    refuse(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
  }
  obj.metadata.namespace = namespace;
}

export function dryRun(params: URLSearchParams): boolean {
  const values = params.getAll('dryRun');
  for (const v of values) if (v !== 'All') refuse(badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`));
  return values.length > 0;
}
