import { json, record } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject } from 'insights-operator/plugin-api';

/** One event reduced to what support engineers read (the original's `CompactedEvent`). */
export interface CompactedEvent {
  namespace: string;
  lastTimestamp: string;
  reason: string;
  message: string;
  type: string;
}

interface Event extends KubeObject {
  lastTimestamp?: string | null;
  series?: { lastObservedTime?: string | null } | null;
  reason?: string;
  message?: string;
  type?: string;
}

/** A timestamp with the nanosecond precision Go keeps (MicroTime carries microseconds). */
interface Instant {
  seconds: number;
  nanos: number;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

function parseInstant(value: unknown): Instant | undefined {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]?.toUpperCase()}`);
  return Number.isNaN(ms) ? undefined : { seconds: ms / 1000, nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

/** Go's `time.Time` JSON form (RFC 3339 with trailing zeros of the fraction trimmed), in UTC. */
function formatInstant(t: Instant): string {
  const fraction = t.nanos === 0 ? '' : `.${String(t.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${new Date(t.seconds * 1000).toISOString().slice(0, 19)}${fraction}Z`;
}

const compare = (a: Instant, b: Instant): number => a.seconds - b.seconds || a.nanos - b.nanos;

/**
 * When the event last happened: `lastTimestamp`, or for events recorded as a series (whose
 * lastTimestamp is unset) the series' last observation.
 */
function lastSeen(event: Event): Instant | undefined {
  return parseInstant(event.lastTimestamp) ?? parseInstant(event.series?.lastObservedTime);
}

/**
 * The namespace's events seen after `since`, compacted and sorted oldest first, as one
 * `events/{namespace}` record; `undefined` when there are none. Like the original, it refuses to read
 * events outside `openshift-*` namespaces, which may hold customer workload details.
 * @param ctx - the gathering context
 * @param namespace - an `openshift-*` namespace
 * @param since - events last seen at or before this time are left out
 * @param options - `abnormalOnly`: keep only events whose type is not `Normal` (warnings)
 */
export async function namespaceEventsRecord(
  ctx: GatherContext<unknown>,
  namespace: string,
  since: Date,
  options: { abnormalOnly?: boolean } = {},
): Promise<GatherRecord | undefined> {
  if (!namespace.startsWith('openshift-')) return undefined;
  const oldest: Instant = { seconds: Math.floor(since.getTime() / 1000), nanos: (since.getTime() % 1000) * 1e6 };
  const kept: { at: Instant; event: CompactedEvent }[] = [];
  for await (const event of ctx.kube.list<Event>({ apiVersion: 'v1', kind: 'Event' }, { namespace })) {
    if (options.abnormalOnly === true && event.type === 'Normal') continue;
    const at = lastSeen(event);
    if (at === undefined || compare(at, oldest) <= 0) continue;
    kept.push({
      at,
      event: {
        namespace: event.metadata?.namespace ?? '',
        lastTimestamp: formatInstant(at),
        reason: event.reason ?? '',
        message: event.message ?? '',
        type: event.type ?? '',
      },
    });
  }
  if (kept.length === 0) return undefined;
  kept.sort((a, b) => compare(a.at, b.at));
  return record({ name: `events/${namespace}`, item: json({ items: kept.map((k) => k.event) }) });
}

/** The original's default gather interval, which bounds how far back events are collected. */
export const DEFAULT_EVENTS_WINDOW = '2h';

/**
 * The events window in milliseconds from the plugin's `eventsInterval` setting (a Go-style duration
 * such as `2h` or `90m`). The original uses the operator's gather interval, which a plugin cannot see,
 * so the default is that interval's default. An invalid value is reported and the default used.
 */
export function eventsWindowMs(ctx: GatherContext<unknown>): number {
  const configured = ctx.config.eventsInterval;
  const text = typeof configured === 'string' ? configured : DEFAULT_EVENTS_WINDOW;
  const ms = parseDuration(text);
  if (ms !== undefined) return ms;
  ctx.warn(`plugins.clusterconfig.eventsInterval ${JSON.stringify(configured)} is not a duration; using ${DEFAULT_EVENTS_WINDOW}`);
  return parseDuration(DEFAULT_EVENTS_WINDOW) ?? 0;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseDuration(text: string): number | undefined {
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return total > 0 ? total : undefined;
}
