import { defineGatheringFunction, GatherError, json, record } from 'insights-operator/plugin-api';
import { compareGoStrings } from './go-json.ts';

/** The annotation in which OpenShift allots each namespace a range of UIDs, as `<first>/<size>`. */
export const UID_RANGE_ANNOTATION = 'openshift.io/sa.scc.uid-range';

interface UidRange {
  start: bigint;
  length: bigint;
}

interface NamespaceRange extends UidRange {
  name: string;
}

const GO_INT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseGoInt(text: string | undefined): bigint | undefined {
  if (text === undefined || !GO_INT.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/**
 * The range of an annotation value, or `undefined` when it is not two integers separated by `/`. The
 * original panics on a value without `/`; that is treated as unreadable like any other bad value.
 */
export function parseUidRange(value: string): UidRange | undefined {
  const parts = value.split('/');
  const start = parseGoInt(parts[0]);
  const length = parseGoInt(parts[1]);
  return start === undefined || length === undefined ? undefined : { start, length };
}

/**
 * Whether two ranges share a UID, by the original's test: the end of one falls within the other, which
 * for ranges of positive size is the usual interval overlap (adjacent ranges do not overlap).
 */
export function rangesOverlap(u: UidRange, r: UidRange): boolean {
  const uEnd = u.start + u.length;
  const rEnd = r.start + r.length;
  return (uEnd > r.start && uEnd <= rEnd) || (rEnd > u.start && rEnd <= uEnd);
}

/**
 * `clusterconfig/overlapping_namespace_uids`: groups of namespaces whose UID ranges overlap, which
 * lets the workloads of one namespace run with the UIDs of another.
 */
export const overlappingNamespaceUids = defineGatheringFunction({
  description: 'Sets of namespaces whose openshift.io/sa.scc.uid-range annotations overlap.',
  paths: ['config/namespaces_with_overlapping_uids.json'],
  permissions: [{ resource: 'namespaces', verbs: ['list'] }],
  async *gather(ctx) {
    // Only names and ranges are kept, so every namespace of a large cluster fits.
    const namespaces: NamespaceRange[] = [];
    for await (const ns of ctx.kube.list({ apiVersion: 'v1', kind: 'Namespace' })) {
      const name = ns.metadata?.name ?? '';
      const range = parseUidRange(ns.metadata?.annotations?.[UID_RANGE_ANNOTATION] ?? '');
      if (range === undefined) {
        ctx.reportError(new GatherError(`can't read uid range of the ${name} namespace`));
        continue;
      }
      namespaces.push({ name, ...range });
    }
    yield record({ name: 'config/namespaces_with_overlapping_uids', item: json(overlappingSets(namespaces)) });
  },
});

/**
 * The original's grouping: each overlapping pair joins the first group every member of which overlaps
 * with both, or starts a new group. Names are sorted within a group (the original's order is a Go map's,
 * that is random).
 */
function overlappingSets(namespaces: readonly NamespaceRange[]): string[][] {
  const groups: Array<Map<string, NamespaceRange>> = [];
  for (let i = 0; i < namespaces.length; i++) {
    const n1 = namespaces[i]!;
    for (let j = i + 1; j < namespaces.length; j++) {
      const n2 = namespaces[j]!;
      if (!rangesOverlap(n1, n2)) continue;
      let group = groups.find((g) => [...g.values()].every((m) => rangesOverlap(n1, m) && rangesOverlap(n2, m)));
      if (group === undefined) {
        group = new Map();
        groups.push(group);
      }
      group.set(n1.name, n1).set(n2.name, n2);
    }
  }
  return groups.map((g) => [...g.keys()].sort(compareGoStrings));
}
