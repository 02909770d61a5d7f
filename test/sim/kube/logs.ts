/**
 * Pod logs: a side store of container logs (current and previous instance) and the
 * `pods/{name}/log` subresource, with the apiserver's option checks and the kubelet's choice of
 * which container instance answers.
 */
import { NodeJournals } from './node-logs.ts';
import { badRequest, failure, notFound } from './status.ts';
import type { StatusBody } from './status.ts';
import type { KubeObject, ObjectStore } from './store.ts';

export interface LogLine {
  /** RFC 3339 in UTC with nine fractional digits, as the kubelet prints `--timestamps`. */
  readonly time: string;
  /** The same instant in epoch milliseconds, for `sinceTime`/`sinceSeconds`. */
  readonly ms: number;
  readonly text: string;
}

/** A line as tests give it: text (a leading RFC 3339 timestamp is taken as the line's time), or time and text. */
export type LogInput = string | { time: string | number | Date; text: string };

/** Makes the log of a container that has no explicit one; `undefined` when it has none. */
export type LogGenerator = (pod: KubeObject, container: string, previous: boolean) => readonly LogLine[] | undefined;

const LEADING_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)? /;

/** A line at `ms` (fractions beyond milliseconds from `extraNanos`, 0–999,999). */
export function logLine(ms: number, text: string, extraNanos = 0): LogLine {
  const whole = Math.floor(ms / 1000) * 1000;
  const nanos = String((ms - whole) * 1_000_000 + extraNanos).padStart(9, '0');
  return { time: `${new Date(whole).toISOString().slice(0, 19)}.${nanos}Z`, ms, text };
}

/** Splits a leading timestamp off a line; zone-less timestamps are taken as UTC. */
export function parseLogLine(raw: string, fallbackMs: number): LogLine {
  const m = LEADING_TIME.exec(raw);
  if (m === null) return logLine(fallbackMs, raw);
  const wholeMs = Date.parse(`${m[1]}${m[3] === undefined || m[3] === 'Z' ? 'Z' : m[3]}`);
  if (Number.isNaN(wholeMs)) return logLine(fallbackMs, raw);
  const frac = (m[2] ?? '').padEnd(9, '0');
  const ms = wholeMs + Number(frac.slice(0, 3));
  return { time: `${new Date(wholeMs).toISOString().slice(0, 19)}.${frac}Z`, ms, text: raw.slice(m[0].length) };
}

/** `time="2021-05-24T16:37:58Z"` or `ts=...` inside a logfmt line. */
const EMBEDDED_TIME = /\b(?:time|ts)="?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))/;

/**
 * Lines of a file or a test. A line without a leading timestamp takes the one its logfmt text
 * carries, else the previous line's (continuations), the first `startMs`.
 */
export function toLogLines(lines: readonly LogInput[], startMs: number): LogLine[] {
  let last = startMs;
  return lines.map((l) => {
    let line: LogLine;
    if (typeof l === 'string') {
      const embedded = LEADING_TIME.test(l) ? undefined : EMBEDDED_TIME.exec(l)?.[1];
      const ms = embedded === undefined ? NaN : Date.parse(embedded);
      line = Number.isNaN(ms) ? parseLogLine(l, last) : logLine(ms, l);
    }
    else if (typeof l.time === 'string') line = parseLogLine(`${l.time} ${l.text}`, last);
    else line = logLine(l.time instanceof Date ? l.time.getTime() : l.time, l.text);
    last = line.ms;
    return line;
  });
}

export class PodLogs {
  readonly #logs = new Map<string, readonly LogLine[]>();
  /** Node journals, served at `nodes/{name}/proxy/logs/?query={unit}` (node-logs.ts). */
  readonly nodes = new NodeJournals();
  /** Logs of containers with no explicit log (generated clusters install one). */
  generator: LogGenerator | undefined;
  /** The clock `sinceSeconds` counts back from, and the time of untimestamped lines given to `set`. */
  now: () => number = Date.now;

  /** Replaces the log of one container instance (the current one unless `previous`). */
  set(namespace: string, pod: string, container: string, lines: readonly LogInput[], options: { previous?: boolean } = {}): void {
    this.#logs.set(key(namespace, pod, container, options.previous === true), toLogLines(lines, this.now()));
  }

  /** The explicit log of one container instance, if one was set. */
  get(namespace: string, pod: string, container: string, previous = false): readonly LogLine[] | undefined {
    return this.#logs.get(key(namespace, pod, container, previous));
  }

  delete(namespace: string, pod: string, container: string, options: { previous?: boolean } = {}): boolean {
    return this.#logs.delete(key(namespace, pod, container, options.previous === true));
  }

  clear(): void {
    this.#logs.clear();
  }

  get size(): number {
    return this.#logs.size;
  }
}

const key = (ns: string, pod: string, container: string, previous: boolean): string => `${ns}/${pod}/${container}/${previous ? 'previous' : 'current'}`;

export type LogReply = { status: number; text: string } | { status: number; json: StatusBody };

interface LogOptions {
  container?: string;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
}

class OptionError extends Error {}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function parseOptions(params: URLSearchParams): LogOptions {
  const bool = (name: string): boolean => {
    const v = params.get(name);
    if (v === null || v === '') return false;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new OptionError(`${name}: invalid value "${v}": strconv.ParseBool: parsing "${v}": invalid syntax`);
  };
  const int = (name: string): number | undefined => {
    const v = params.get(name);
    if (v === null || v === '') return undefined;
    if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new OptionError(`${name}: invalid value "${v}": strconv.ParseInt: parsing "${v}": invalid syntax`);
    return Number(v);
  };
  let sinceTime: number | undefined;
  const rawSince = params.get('sinceTime');
  if (rawSince !== null && rawSince !== '') {
    // metav1.Time: RFC 3339, kept to the second.
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(rawSince);
    sinceTime = m === null ? NaN : Date.parse(`${m[1]}${m[2]}`);
    if (Number.isNaN(sinceTime)) throw new OptionError(`sinceTime: invalid value "${rawSince}": parsing time "${rawSince}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
  }
  const container = params.get('container');
  return {
    ...(container === null || container === '' ? {} : { container }),
    previous: bool('previous'),
    timestamps: bool('timestamps'),
    tailLines: int('tailLines'),
    sinceSeconds: int('sinceSeconds'),
    sinceTime,
    limitBytes: int('limitBytes'),
  };
}

/** ValidatePodLogOptions, worded as the apiserver words it. */
function invalidOptions(name: string, o: LogOptions): StatusBody | undefined {
  const causes: Array<{ field: string; message: string; reason: string }> = [];
  if (o.tailLines !== undefined && o.tailLines < 0) causes.push({ field: 'tailLines', reason: 'FieldValueInvalid', message: `Invalid value: ${o.tailLines}: must be greater than or equal to 0` });
  if (o.limitBytes !== undefined && o.limitBytes < 1) causes.push({ field: 'limitBytes', reason: 'FieldValueInvalid', message: `Invalid value: ${o.limitBytes}: must be greater than 0` });
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) {
    causes.push({ field: '', reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1) {
    causes.push({ field: 'sinceSeconds', reason: 'FieldValueInvalid', message: `Invalid value: ${o.sinceSeconds}: must be greater than 0` });
  }
  if (causes.length === 0) return undefined;
  const summary = causes.map((c) => (c.field === '' ? `<nil>: ${c.message}` : `${c.field}: ${c.message}`));
  const body = failure(422, 'Invalid', `PodLogOptions "${name}" is invalid: ${summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`}`, { name, kind: 'PodLogOptions' });
  return { ...body, details: { ...body.details, causes } } as StatusBody;
}

type Json = Record<string, any>;
const names = (list: unknown): string[] => (Array.isArray(list) ? list.map((c: Json) => String(c['name'])) : []);

export function podLogReply(store: ObjectStore, logs: PodLogs, namespace: string, name: string, params: URLSearchParams): LogReply {
  let o: LogOptions;
  try {
    o = parseOptions(params);
  } catch (error) {
    if (error instanceof OptionError) return { status: 400, json: badRequest(error.message) };
    throw error;
  }
  const invalid = invalidOptions(name, o);
  if (invalid !== undefined) return { status: 422, json: invalid };
  const pod = store.get('v1', 'Pod', name, namespace) as (KubeObject & { spec?: Json; status?: Json }) | undefined;
  if (pod === undefined) return { status: 404, json: notFound('', 'pods', name) };

  // The apiserver's ValidateContainer.
  const containers = names(pod.spec?.['containers']);
  const inits = names(pod.spec?.['initContainers']);
  const all = [...containers, ...inits, ...names(pod.spec?.['ephemeralContainers'])];
  let container = o.container;
  if (container === undefined) {
    if (containers.length === 0) return { status: 400, json: badRequest(`pod ${name} does not have a container`) };
    if (containers.length > 1) {
      const extra = inits.length > 0 ? ` or one of the init containers: [${inits.join(' ')}]` : '';
      return { status: 400, json: badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${extra}`) };
    }
    container = containers[0]!;
  } else if (!all.includes(container)) {
    return { status: 400, json: badRequest(`container ${container} is not valid for pod ${name}`) };
  }

  const chosen = chooseInstance(logs, pod, namespace, container, o.previous);
  if ('error' in chosen) return { status: 400, json: badRequest(chosen.error) };
  if (chosen.lines === 'none') return { status: 200, text: '' };
  const lines = logs.get(namespace, name, container, chosen.previous) ?? logs.generator?.(pod, container, chosen.previous) ?? [];
  return { status: 200, text: render(lines, o, logs.now()) };
}

/**
 * Which instance answers: an explicit log always does; otherwise the kubelet's
 * validateContainerLogStatus decides from the container status.
 */
function chooseInstance(logs: PodLogs, pod: KubeObject & { spec?: Json; status?: Json }, namespace: string, container: string, previous: boolean): { previous: boolean; lines?: 'none' } | { error: string } {
  const name = pod.metadata.name;
  if (logs.get(namespace, name, container, previous) !== undefined) return { previous };
  const statuses = [pod.status?.['containerStatuses'], pod.status?.['initContainerStatuses'], pod.status?.['ephemeralContainerStatuses']]
    .flatMap((l) => (Array.isArray(l) ? (l as Json[]) : []));
  const cs = statuses.find((s) => s['name'] === container);
  const lastTerminated = cs?.['lastState']?.['terminated'] as Json | undefined;
  const hasLast = typeof lastTerminated?.['containerID'] === 'string' && lastTerminated['containerID'] !== '';
  if (previous) return hasLast ? { previous: true } : { error: `previous terminated container "${container}" in pod "${name}" not found` };
  // A pod no node has taken has no logs yet: the apiserver answers with an empty body.
  if (typeof pod.spec?.['nodeName'] !== 'string' || pod.spec['nodeName'] === '') return { previous: false, lines: 'none' };
  if (cs === undefined) return { error: `container "${container}" in pod "${name}" is not available` };
  const state = (cs['state'] ?? {}) as Json;
  if (state['running'] != null) return { previous: false };
  if (state['terminated'] != null) {
    const id = state['terminated']['containerID'];
    if (typeof id === 'string' && id !== '') return { previous: false };
    return hasLast ? { previous: true } : { error: `container "${container}" in pod "${name}" is terminated` };
  }
  if (lastTerminated != null) return hasLast ? { previous: true } : { error: `container "${container}" in pod "${name}" is terminated` };
  if (state['waiting'] != null) {
    const reason = String(state['waiting']['reason'] ?? '');
    if (reason === 'ErrImagePull') return { error: `container "${container}" in pod "${name}" is waiting to start: image can't be pulled` };
    if (reason === 'ImagePullBackOff') return { error: `container "${container}" in pod "${name}" is waiting to start: trying and failing to pull image` };
    return { error: `container "${container}" in pod "${name}" is waiting to start: ${reason}` };
  }
  return { error: `container "${container}" in pod "${name}" is waiting to start - no logs yet` };
}

/** The kubelet's order: tail first, then since, then the byte limit over what would be written. */
function render(lines: readonly LogLine[], o: LogOptions, now: number): string {
  let selected = o.tailLines === undefined ? lines : o.tailLines === 0 ? [] : lines.slice(-o.tailLines);
  const since = o.sinceTime ?? (o.sinceSeconds === undefined ? undefined : now - o.sinceSeconds * 1000);
  if (since !== undefined) selected = selected.filter((l) => l.ms >= since);
  const text = selected.map((l) => `${o.timestamps ? `${l.time} ` : ''}${l.text}\n`).join('');
  if (o.limitBytes === undefined) return text;
  const bytes = Buffer.from(text);
  return bytes.length <= o.limitBytes ? text : bytes.subarray(0, o.limitBytes).toString('utf8');
}
