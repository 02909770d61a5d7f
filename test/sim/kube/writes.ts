/**
 * POST, PUT, PATCH and DELETE on resource paths, with kube-apiserver's status codes and Status bodies:
 * 201/409 AlreadyExists on create, 409 Conflict on a stale resourceVersion, 404 for a missing object or
 * namespace, 415 for a body format the type does not take, 422 for an invalid name, `?dryRun=All`.
 */
import type { IncomingMessage } from 'node:http';
import { alreadyExists, conflict, Failure, invalid, namespaceNotFound, refuse, unsupportedMediaType } from './errors.ts';
import { encodeObject } from './list.ts';
import { hasFinalizers, isNoop, nowTimestamp, prepareCreate, prepareUpdate, returnsDeletedObject, fillGeneratedName } from './object-rules.ts';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch.ts';
import { isNamespaceType, isTerminating, terminateNamespace, terminating } from './namespaces.ts';
import { checkTypeMeta, dryRun, mediaType, parseObject, placeInNamespace, readBody } from './request-body.ts';
import type { ResourceType } from './resource-types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import { badRequest, failure, methodNotAllowed, notFound } from './status.ts';
import type { KubeObject, ObjectStore, StoredEntry } from './store.ts';
import { validateName, validateObject } from './validation.ts';

export type WriteReply = { status: number; json: unknown } | { status: number; raw: string };

export interface WriteTarget {
  readonly type: ResourceType;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  /** undefined for the object itself, 'status' for its status subresource. */
  readonly subresource: string | undefined;
}

const objectOf = (entry: StoredEntry, t: ResourceType): KubeObject => JSON.parse(encodeObject(entry, t)) as KubeObject;
const reply = (status: number, entry: StoredEntry, t: ResourceType): WriteReply => ({ status, raw: encodeObject(entry, t) });

export class WriteHandler {
  readonly #store: ObjectStore;

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  async handle(method: string, target: WriteTarget, params: URLSearchParams, req: IncomingMessage): Promise<WriteReply> {
    try {
      const { name, subresource } = target;
      if (method === 'POST' && name === undefined) return await this.#create(target, params, req);
      if (method === 'PUT' && name !== undefined) return await this.#update(target, name, params, req);
      if (method === 'PATCH' && name !== undefined) return await this.#patch(target, name, params, req);
      if (method === 'DELETE' && name !== undefined && subresource === undefined) return await this.#delete(target, name, params, req);
      if (method === 'DELETE' && name === undefined) return await this.#deleteCollection(target, params, req);
      req.resume();
      return { status: 405, json: methodNotAllowed() };
    } catch (error) {
      req.resume();
      if (error instanceof Failure) return { status: error.status.code, json: error.status };
      throw error;
    }
  }

  #namespaceMustExist(t: ResourceType, name: string, namespace: string | undefined): void {
    if (!t.namespaced || namespace === undefined) return;
    const ns = this.#store.entry(this.#store.registry.byKind('v1', 'Namespace')!, namespace);
    if (ns === undefined) refuse(namespaceNotFound(namespace));
    else if (isTerminating(ns)) refuse(terminating(t, name, namespace));
  }

  #current(t: ResourceType, name: string, namespace: string | undefined): StoredEntry {
    return this.#store.entry(t, name, namespace) ?? refuse(notFound(t.group, t.plural, name));
  }

  async #create({ type: t, namespace }: WriteTarget, params: URLSearchParams, req: IncomingMessage): Promise<WriteReply> {
    const text = await readBody(req);
    const obj = checkTypeMeta(t, parseObject(text, req), text);
    const dry = dryRun(params);
    placeInNamespace(t, obj, namespace);
    fillGeneratedName(obj);
    this.#namespaceMustExist(t, String(obj.metadata.name ?? ''), namespace);
    const errors = validateName(t, obj.metadata);
    if (errors.length === 0) errors.push(...validateObject(t, obj));
    if (errors.length > 0) refuse(invalid(t, String(obj.metadata.name ?? ''), errors));
    if (obj.metadata.resourceVersion !== undefined && obj.metadata.resourceVersion !== '') {
      refuse(failure(500, 'InternalError', 'Internal error occurred: resourceVersion should not be set on objects to be created'));
    }
    if (this.#store.entry(t, obj.metadata.name, namespace) !== undefined) refuse(alreadyExists(t, obj.metadata.name));
    prepareCreate(t, obj);
    if (dry) return { status: 201, json: obj };
    return reply(201, this.#store.put(t, obj), t);
  }

  async #update(target: WriteTarget, name: string, params: URLSearchParams, req: IncomingMessage): Promise<WriteReply> {
    const { type: t, namespace } = target;
    const text = await readBody(req);
    const obj = checkTypeMeta(t, parseObject(text, req), text);
    const dry = dryRun(params);
    if (obj.metadata.name !== name) refuse(badRequest(`the name of the object (${String(obj.metadata.name ?? '')}) does not match the name on the URL (${name})`));
    placeInNamespace(t, obj, namespace);
    const current = this.#current(t, name, namespace);
    const rv = obj.metadata.resourceVersion;
    if (rv === undefined || rv === '') {
      // Custom resources refuse unconditional updates (their strategy's AllowUnconditionalUpdate is false).
      if (!t.typed) refuse(invalid(t, name, [{ field: 'metadata.resourceVersion', type: 'Invalid', value: 0, detail: 'must be specified for an update' }]));
    }
    return this.#commitUpdate(target, current, obj, dry);
  }

  async #patch(target: WriteTarget, name: string, params: URLSearchParams, req: IncomingMessage): Promise<WriteReply> {
    const { type: t, namespace } = target;
    const type = mediaType(req);
    const accepted = ['application/json-patch+json', 'application/merge-patch+json', ...(t.typed ? ['application/strategic-merge-patch+json'] : [])];
    if (!accepted.includes(type)) {
      req.resume();
      refuse(unsupportedMediaType(accepted));
    }
    const text = await readBody(req);
    const dry = dryRun(params);
    let patch: unknown;
    try {
      patch = JSON.parse(text);
    } catch (error) {
      refuse(badRequest(`error decoding patch: ${(error as Error).message}`));
    }
    const current = this.#current(t, name, namespace);
    const original = objectOf(current, t);
    let patched: unknown;
    try {
      const doc = original as Parameters<typeof mergePatch>[0];
      const p = patch as Parameters<typeof mergePatch>[1];
      patched = type === 'application/json-patch+json' ? jsonPatch(doc, p) : type === 'application/merge-patch+json' ? mergePatch(doc, p) : strategicMergePatch(doc, p);
    } catch (error) {
      if (error instanceof PatchError) refuse(failure(422, 'Invalid', error.message));
      throw error;
    }
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) return refuse(badRequest('the patched object is not a JSON object'));
    const obj = checkTypeMeta(t, patched as Record<string, unknown>, text);
    if (obj.metadata.name !== name) refuse(badRequest(`the name of the object (${String(obj.metadata.name ?? '')}) does not match the name on the URL (${name})`));
    placeInNamespace(t, obj, namespace);
    // A resourceVersion in the patch is a precondition; without one the patch applies to the current object.
    if (obj.metadata.resourceVersion === undefined || obj.metadata.resourceVersion === '') obj.metadata.resourceVersion = original.metadata.resourceVersion;
    return this.#commitUpdate(target, current, obj, dry);
  }

  #commitUpdate({ type: t, subresource }: WriteTarget, current: StoredEntry, obj: KubeObject, dry: boolean): WriteReply {
    const old = objectOf(current, t);
    const name = old.metadata.name;
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) refuse(conflict(t, name));
    const uid = obj.metadata.uid;
    if (uid !== undefined && uid !== '' && uid !== old.metadata.uid) {
      refuse(conflict(t, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`));
    }
    const errors = validateObject(t, obj);
    if (errors.length > 0) refuse(invalid(t, name, errors));
    const next = prepareUpdate(t, old, obj, subresource === 'status');
    if (isNoop(old, next)) return reply(200, current, t);
    if (dry) return { status: 200, json: next };
    // The last finalizer removed from an object being deleted completes the delete.
    if (old.metadata['deletionTimestamp'] !== undefined && !hasFinalizers(next)) {
      this.#store.put(t, next);
      return reply(200, this.#store.delete(t, name, old.metadata.namespace)!, t);
    }
    return reply(200, this.#store.put(t, next), t);
  }

  async #delete({ type: t, namespace }: WriteTarget, name: string, params: URLSearchParams, req: IncomingMessage): Promise<WriteReply> {
    const text = await readBody(req);
    const dry = dryRun(params);
    const current = this.#current(t, name, namespace);
    const old = objectOf(current, t);
    this.#checkPreconditions(t, old, text);
    if (isNamespaceType(t)) return reply(200, dry || old.metadata['deletionTimestamp'] !== undefined ? current : terminateNamespace(this.#store, t, old), t);
    if (hasFinalizers(old)) {
      if (old.metadata['deletionTimestamp'] !== undefined || dry) return reply(200, current, t);
      const marked = { ...old, metadata: { ...old.metadata, deletionTimestamp: nowTimestamp(), deletionGracePeriodSeconds: 0 } };
      return reply(200, this.#store.put(t, marked), t);
    }
    if (dry) return this.#deleted(t, current);
    return this.#deleted(t, this.#store.delete(t, name, namespace)!);
  }

  #deleted(t: ResourceType, entry: StoredEntry): WriteReply {
    if (returnsDeletedObject(t)) return reply(200, entry, t);
    const uid = (JSON.parse(entry.body) as KubeObject).metadata.uid;
    return { status: 200, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: entry.name, ...(t.group === '' ? {} : { group: t.group }), kind: t.plural, uid } } };
  }

  /** DeleteOptions.preconditions: uid and resourceVersion. */
  #checkPreconditions(t: ResourceType, old: KubeObject, text: string): void {
    if (text.trim() === '') return;
    let options: { preconditions?: { uid?: string; resourceVersion?: string } };
    try {
      options = JSON.parse(text) as typeof options;
    } catch (error) {
      return refuse(badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`));
    }
    const { uid, resourceVersion } = options?.preconditions ?? {};
    const name = old.metadata.name;
    if (uid !== undefined && uid !== old.metadata.uid) {
      refuse(conflict(t, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`));
    }
    if (resourceVersion !== undefined && resourceVersion !== old.metadata.resourceVersion) {
      refuse(conflict(t, name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`));
    }
  }

  /** DELETE on a collection: every object matching the selectors; the reply lists what was deleted. */
  async #deleteCollection({ type: t, namespace }: WriteTarget, params: URLSearchParams, req: IncomingMessage): Promise<WriteReply> {
    await readBody(req);
    const dry = dryRun(params);
    let labels;
    let fields;
    try {
      labels = parseLabelSelector(params.get('labelSelector') ?? '');
      fields = parseFieldSelector(params.get('fieldSelector') ?? '', t.selectableFields);
    } catch (error) {
      if (error instanceof SelectorError) refuse(badRequest(error.message));
      throw error;
    }
    const doomed = this.#store.sortedEntries(t).filter((e) => (namespace === undefined || e.namespace === namespace) && matchesLabels(labels, e.labels) && matchesFields(fields, e.fields));
    const items = dry ? doomed : doomed.map((e) => this.#store.delete(t, e.name, e.namespace)!);
    const body = `{"kind":${JSON.stringify(`${t.kind}List`)},"apiVersion":${JSON.stringify(t.apiVersion)},"metadata":{"resourceVersion":${JSON.stringify(this.#store.resourceVersion)}},"items":[${items.map((e) => encodeObject(e, t)).join(',')}]}`;
    return { status: 200, raw: body };
  }
}
