/** Status bodies of the data plane (writes, paging, watch), worded as kube-apiserver words them. */
import { failure } from './status.ts';
import type { StatusBody } from './status.ts';
import type { ResourceType } from './resource-types.ts';

/** A request refused with a Status: thrown deep in a handler, answered at its top. */
export class Failure extends Error {
  readonly status: StatusBody;
  constructor(status: StatusBody) {
    super(status.message);
    this.status = status;
  }
}

export const refuse = (status: StatusBody): never => {
  throw new Failure(status);
};

/** A Status whose ListMeta carries a continue token (410 on an expired continue). */
export type ListStatusBody = Omit<StatusBody, 'metadata'> & { metadata: { continue?: string } };

/** `configmaps` or `clusteroperators.config.openshift.io`. */
export const qualifiedResource = (t: ResourceType): string => (t.group === '' ? t.plural : `${t.plural}.${t.group}`);
const details = (t: ResourceType, name: string): StatusBody['details'] => ({ name, ...(t.group === '' ? {} : { group: t.group }), kind: t.plural });

export const CONTINUE_EXPIRED = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';
export const INCONSISTENT_CONTINUE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
export const LIST_EXPIRED = 'The resourceVersion for the provided list is too old.';

export function expired(message: string, continueToken?: string): ListStatusBody {
  const body = failure(410, 'Expired', message);
  return { ...body, metadata: continueToken === undefined ? {} : { continue: continueToken } };
}

/** What a watch from a compacted resourceVersion gets, as an ERROR event: `too old resource version: 5 (10)`. */
export const tooOldResourceVersion = (rv: number, compacted: number): StatusBody => failure(410, 'Expired', `too old resource version: ${rv} (${compacted})`);

/** kube waits up to 3 s for a future resourceVersion, then answers this; the simulator answers at once. */
export function tooLargeResourceVersion(rv: number, current: number): StatusBody {
  const body = failure(504, 'Timeout', `Timeout: Too large resource version: ${rv}, current: ${current}`, {});
  Object.assign(body.details!, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
  return body;
}

export const alreadyExists = (t: ResourceType, name: string): StatusBody =>
  failure(409, 'AlreadyExists', `${qualifiedResource(t)} "${name}" already exists`, details(t, name));

export const conflict = (t: ResourceType, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): StatusBody =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": ${why}`, details(t, name));

export const namespaceNotFound = (namespace: string): StatusBody =>
  failure(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });

export function unsupportedMediaType(accepted: readonly string[]): StatusBody {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

export interface FieldError {
  field: string;
  type: 'Invalid' | 'Required' | 'Forbidden';
  /** Shown for Invalid: strings quoted, as apimachinery's field.Invalid prints them. */
  value?: unknown;
  detail: string;
}

const REASONS = { Invalid: 'FieldValueInvalid', Required: 'FieldValueRequired', Forbidden: 'FieldValueForbidden' } as const;
const PREFIXES = { Invalid: 'Invalid value', Required: 'Required value', Forbidden: 'Forbidden' } as const;

function causeMessage(e: FieldError): string {
  if (e.type !== 'Invalid') return `${PREFIXES[e.type]}: ${e.detail}`;
  // Go's %#v: strings quoted, a uint64 zero (an unset resourceVersion) as 0x0.
  const value = typeof e.value === 'string' ? JSON.stringify(e.value) : e.value === 0 ? '0x0' : String(e.value);
  return `${PREFIXES.Invalid}: ${value}: ${e.detail}`;
}

/** 422 Invalid: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": …`. */
export function invalid(t: ResourceType, name: string, errors: readonly FieldError[]): StatusBody {
  const messages = errors.map((e) => `${e.field}: ${causeMessage(e)}`);
  const aggregate = messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
  const qualifiedKind = t.group === '' ? t.kind : `${t.kind}.${t.group}`;
  const body = failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, { name, ...(t.group === '' ? {} : { group: t.group }), kind: t.kind });
  (body.details as Record<string, unknown>)['causes'] = errors.map((e) => ({ reason: REASONS[e.type], message: causeMessage(e), field: e.field }));
  return body;
}
