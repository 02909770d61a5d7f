/**
 * Types served as a different shape of another type's objects, as kube-apiserver serves
 * events.k8s.io/v1 Events from the core Events in etcd: one set of objects, converted on the way in
 * and out, so an event created through either API is listed by both.
 */

type Obj = Record<string, unknown>;

export interface ViewConversion {
  /** apiVersion of the type the objects are stored as (same kind). */
  readonly storedAs: string;
  toStorage(obj: Obj): Obj;
  fromStorage(obj: Obj): Obj;
}

/** events.k8s.io/v1 field ↔ core/v1 field, where they differ. */
const EVENT_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['regarding', 'involvedObject'], ['note', 'message'], ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'], ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'], ['deprecatedCount', 'count'],
];

function rename(obj: Obj, pairs: ReadonlyArray<readonly [string, string]>): Obj {
  const out: Obj = { ...obj };
  for (const [from, to] of pairs) {
    delete out[from];
    if (obj[from] !== undefined) out[to] = obj[from];
  }
  return out;
}

const eventConversion: ViewConversion = {
  storedAs: 'v1',
  toStorage: (obj) => rename(obj, EVENT_FIELDS),
  fromStorage: (obj) => rename(obj, EVENT_FIELDS.map(([a, b]) => [b, a] as const)),
};

/** By group/kind of the converted (served) type. */
export const CONVERSIONS: Readonly<Record<string, ViewConversion>> = {
  'events.k8s.io/Event': eventConversion,
};
