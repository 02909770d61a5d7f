/**
 * authorization.k8s.io/v1 reviews: SelfSubjectAccessReview (what `kubectl auth can-i` sends),
 * SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview (`kubectl auth can-i --list`);
 * and authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`).
 * They are create-only and never stored; the reply is the posted review with `status` filled in.
 */
import type { IncomingMessage } from 'node:http';
import type { Identity } from './identity.ts';
import type { Authorizer } from './rbac.ts';
import { nonResourceInfo } from './request-info.ts';
import type { RequestInfo } from './request-info.ts';
import { badRequest, failure, methodNotAllowed } from './status.ts';
import type { StatusBody } from './status.ts';

const GROUP = 'authorization.k8s.io';
const PREFIX = `/apis/${GROUP}/v1/`;
const WHOAMI_PATH = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const KINDS: Record<string, string> = {
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  subjectaccessreviews: 'SubjectAccessReview',
  localsubjectaccessreviews: 'LocalSubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
};
const MAX_BODY = 1 << 20;

type Reply = { status: number; json: unknown };
const fail = (body: StatusBody): Reply => ({ status: body.code, json: body });

interface ResourceAttributes { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string }
interface ReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
  namespace?: string;
}

/** The review resource a path names: `{plural}` or `namespaces/{ns}/localsubjectaccessreviews`. */
function reviewTarget(pathname: string): { plural: string; namespace?: string } | undefined {
  if (pathname === WHOAMI_PATH) return { plural: 'selfsubjectreviews' };
  if (!pathname.startsWith(PREFIX)) return undefined;
  const parts = pathname.slice(PREFIX.length).split('/').filter((s) => s !== '');
  if (parts.length === 1 && parts[0] !== 'localsubjectaccessreviews' && KINDS[parts[0]!] !== undefined) return { plural: parts[0]! };
  if (parts.length === 3 && parts[0] === 'namespaces' && parts[2] === 'localsubjectaccessreviews') return { plural: parts[2], namespace: parts[1]! };
  return undefined;
}

export function isAccessReviewPath(pathname: string): boolean {
  return reviewTarget(pathname) !== undefined;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const invalid = (kind: string, field: string, message: string): StatusBody =>
  failure(422, 'Invalid', `${kind}.${GROUP} "" is invalid: ${field}: ${message}`, { group: GROUP, kind });

function attributesOf(spec: ReviewSpec): RequestInfo {
  const n = spec.nonResourceAttributes;
  if (n !== undefined) return nonResourceInfo(n.path ?? '', n.verb ?? '');
  const r = spec.resourceAttributes ?? {};
  return {
    resourceRequest: true, path: '', verb: r.verb ?? '', apiGroup: r.group ?? '', apiVersion: r.version ?? '',
    resource: r.resource ?? '', subresource: r.subresource ?? '', namespace: r.namespace ?? '', name: r.name ?? '',
  };
}

/** Answers a review POSTed by `caller` (already authenticated, impersonation applied, and allowed to create it). */
export async function accessReview(authorizer: Authorizer, caller: Identity, req: IncomingMessage, url: URL): Promise<Reply> {
  const target = reviewTarget(url.pathname)!;
  if (req.method !== 'POST') {
    req.resume();
    return fail(methodNotAllowed());
  }
  if (target.plural === 'selfsubjectreviews') return whoami(caller);
  const kind = KINDS[target.plural]!;
  const text = await readBody(req);
  if (text === undefined) return fail(failure(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 1048576'));
  let review: { apiVersion?: string; kind?: string; spec?: ReviewSpec; [k: string]: unknown };
  try {
    review = JSON.parse(text) as typeof review;
    if (review === null || typeof review !== 'object' || Array.isArray(review)) throw new Error('not an object');
  } catch (error) {
    return fail(badRequest(`the body of the request was in an unknown format - accepted media types include: application/json: ${(error as Error).message}`));
  }
  if ((review.apiVersion ?? `${GROUP}/v1`) !== `${GROUP}/v1` || (review.kind ?? kind) !== kind) {
    return fail(badRequest(`the API version in the data (${review.apiVersion}) does not match the expected API version (${GROUP}/v1)`));
  }
  const spec: ReviewSpec = review.spec ?? {};
  const out = { ...review, apiVersion: `${GROUP}/v1`, kind, metadata: { creationTimestamp: null }, spec };

  if (kind === 'SelfSubjectRulesReview') {
    if ((spec.namespace ?? '') === '') return fail(badRequest('no namespace on request'));
    return { status: 201, json: { ...out, status: authorizer.rulesFor(caller, spec.namespace!) } };
  }

  if ((spec.resourceAttributes === undefined) === (spec.nonResourceAttributes === undefined)) {
    return fail(invalid(kind, 'spec.resourceAttributes', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  let subject = caller;
  if (kind !== 'SelfSubjectAccessReview') {
    if ((spec.user ?? '') === '' && (spec.groups ?? []).length === 0) {
      return fail(invalid(kind, 'spec.user', 'Invalid value: "": at least one of user or group must be specified'));
    }
    // The groups are taken as given: a SubjectAccessReview describes a user, it does not authenticate one.
    subject = { user: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid === undefined ? {} : { uid: spec.uid }) };
  }
  if (kind === 'LocalSubjectAccessReview') {
    if (spec.nonResourceAttributes !== undefined) return fail(invalid(kind, 'spec.nonResourceAttributes', 'Invalid value: disallowed on this kind of request'));
    if ((spec.resourceAttributes?.namespace ?? '') !== target.namespace) {
      return fail(badRequest(`spec.resourceAttributes.namespace must match namespace: ${target.namespace}`));
    }
  }
  const decision = authorizer.authorize(subject, attributesOf(spec));
  const status = { allowed: decision.allowed, ...(decision.reason === '' ? {} : { reason: decision.reason }) };
  return { status: 201, json: { ...out, status } };
}

/** The caller as the server sees it, after impersonation; the body is not read, as kube ignores it. */
function whoami(caller: Identity): Reply {
  const userInfo = {
    username: caller.user,
    ...(caller.uid === undefined ? {} : { uid: caller.uid }),
    groups: caller.groups,
    ...(caller.extra === undefined ? {} : { extra: caller.extra }),
  };
  return { status: 201, json: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } } };
}
