import { coreServices, defineGatheringFunction, KubeApiError, raw, record, resource } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject } from 'insights-operator/plugin-api';
import { eventsWindowMs, namespaceEventsRecord } from './events.ts';
import { isHealthyPod } from './pods.ts';
import type { Pod } from './pods.ts';
import type { ObjectReference } from './related-objects.ts';
import { withMaskedProxyEnv } from './with-masked-proxy-env.ts';

/** Lines of each container log asked for. */
export const LOG_TAIL_LINES = 100;
/** Lines asked for instead when the log shows a Go stack trace, to reach its beginning. */
export const LOG_LONG_TAIL_LINES = 2000;
/** Lines kept before the first line of a stack trace. */
export const LOG_LINES_BEFORE_STACK_TRACE = 20;
/** A stack trace longer than this many lines is shortened. */
export const STACK_TRACE_MAX_LINES = 40;
/** Lines kept from the beginning of a shortened stack trace (counting the lines before it). */
export const STACK_TRACE_BEGINNING_LINES = 35;
/** Lines kept before the last line of a shortened stack trace. */
export const STACK_TRACE_END_LINES = 5;
/** The original's archive size limit, which the log size limit is derived from. */
export const MAX_ARCHIVE_SIZE = 24 * 1024 * 1024;
/** How much smaller logs get in the compressed archive, as the original estimates it. */
export const LOG_COMPRESSION_RATIO = 2;

/** A frame of a Go stack trace: `file.go:123 +0x1f`. */
const STACK_TRACE_LINE = /\.go:\d+\s\+0x/;

interface ClusterOperator extends KubeObject {
  status?: {
    conditions?: Array<{ type?: string; status?: string }> | null;
    relatedObjects?: ObjectReference[] | null;
    [key: string]: unknown;
  };
}

interface PodSpec {
  containers?: Array<{ name?: string; [key: string]: unknown }> | null;
  initContainers?: Array<{ name?: string; [key: string]: unknown }> | null;
  [key: string]: unknown;
}

/** What the log phase needs of a pod, so that the pods themselves need not be kept. */
interface PodLogs {
  namespace: string;
  name: string;
  containers: string[];
  /** Its definition was recorded: the original only looks for previous logs of such pods. */
  unhealthy: boolean;
  restarted: boolean;
}

/** Degraded, or not available: the operators whose pods and events are worth collecting. */
function isHealthyOperator(operator: ClusterOperator): boolean {
  return !(operator.status?.conditions ?? []).some(
    (c) => (c.type === 'Degraded' && c.status === 'True') || (c.type === 'Available' && c.status === 'False'),
  );
}

function operatorNamespaces(operator: ClusterOperator): string[] {
  return (operator.status?.relatedObjects ?? []).filter((r) => r.resource === 'namespaces' && !!r.name).map((r) => r.name ?? '');
}

function isRestarted(pod: Pod): boolean {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].some((s) => (s.restartCount ?? 0) > 0);
}

/**
 * `clusterconfig/operators_pods_and_events`: for each degraded or unavailable ClusterOperator, the
 * recent events of its namespaces, the definitions of their unhealthy pods, and the tail of every
 * container log there (and of the previous instance of restarted containers), which together usually
 * explain why the operator is failing.
 */
export const operatorsPodsAndEvents = defineGatheringFunction({
  description: 'For degraded or unavailable ClusterOperators: recent namespace events, unhealthy pod definitions, and current and previous container log tails.',
  paths: ['events/{namespace}.json', 'config/pod/{namespace}/{pod}.json', 'config/pod/{namespace}/logs/{pod}/{container}_current.log', 'config/pod/{namespace}/logs/{pod}/{container}_previous.log'],
  permissions: [
    { group: 'config.openshift.io', resource: 'clusteroperators', verbs: ['list'] },
    { resource: 'pods', verbs: ['list'] },
    { resource: 'events', verbs: ['list'] },
    { resource: 'pods/log', verbs: ['get'] },
  ],
  services: { clock: coreServices.clock },
  async *gather(ctx) {
    const now = ctx.services.clock.now();
    const since = new Date(now.getTime() - eventsWindowMs(ctx));
    const listed = new Set<string>();
    const eventsCollected = new Set<string>();
    const pods: PodLogs[] = [];
    let totalContainers = 0;

    for await (const operator of ctx.kube.list<ClusterOperator>({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator' })) {
      if (isHealthyOperator(operator)) continue;
      for (const namespace of operatorNamespaces(operator)) {
        // Operators sharing a namespace would otherwise record its pods twice (the original does, and
        // its recorder then reports the duplicate names as errors).
        if (!listed.has(namespace)) {
          listed.add(namespace);
          try {
            for await (const pod of ctx.kube.list<Pod>({ apiVersion: 'v1', kind: 'Pod' }, { namespace })) {
              const spec = (pod.spec ?? {}) as PodSpec;
              const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name ?? '');
              totalContainers += containers.length;
              const unhealthy = !isHealthyPod(pod, now);
              pods.push({ namespace, name: pod.metadata?.name ?? '', containers, unhealthy, restarted: isRestarted(pod) });
              if (unhealthy) yield podDefinition(pod);
            }
          } catch (error) {
            if (!(error instanceof KubeApiError)) throw error;
            ctx.reportError(new KubeApiError(`unable to list pods in namespace ${namespace} of failing operator ${operator.metadata?.name ?? ''}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
            continue;
          }
        }
        if (eventsCollected.has(namespace)) continue;
        try {
          const events = await namespaceEventsRecord(ctx, namespace, since);
          if (events !== undefined) yield events;
          eventsCollected.add(namespace);
        } catch (error) {
          if (!(error instanceof KubeApiError)) throw error;
          ctx.reportError(new KubeApiError(`unable to collect events for namespace ${namespace}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
        }
      }
    }
    if (pods.length === 0 || totalContainers <= 0) return;

    // Every log may take an equal share of the archive, as estimated compressed, halved for the
    // previous logs.
    const limitBytes = Math.floor(Math.floor((MAX_ARCHIVE_SIZE * LOG_COMPRESSION_RATIO) / totalContainers) / 2);
    for (const pod of pods) {
      if (pod.unhealthy && pod.restarted) yield* containerLogs(ctx, pod, true, limitBytes);
      yield* containerLogs(ctx, pod, false, limitBytes);
    }
  },
});

/** The record of an unhealthy pod, with the proxy variables of its containers masked. */
function podDefinition(pod: Pod): GatherRecord {
  return record({ name: `config/pod/${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, item: resource(withMaskedProxyEnv(pod)) });
}

/** One log record per container of the pod that has a (previous) log. */
async function* containerLogs(ctx: GatherContext<unknown>, pod: PodLogs, previous: boolean, limitBytes: number): AsyncGenerator<GatherRecord> {
  for (const container of pod.containers) {
    let text: string | undefined;
    try {
      text = await containerLog(ctx, pod, container, previous, limitBytes);
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      ctx.reportError(new KubeApiError(`unable to read the ${previous ? 'previous' : 'current'} log of container ${container} of pod ${pod.namespace}/${pod.name}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
      continue;
    }
    if (text === undefined) continue;
    const file = `${container}_${previous ? 'previous' : 'current'}.log`;
    yield record({ name: `config/pod/${pod.namespace}/logs/${pod.name}/${file}`, item: raw(text) });
  }
}

/**
 * The tail of a container's log, with timestamps; when it shows a stack trace, a longer tail cut to
 * the trace and what follows. `undefined` when there is no such log or it is empty.
 */
async function containerLog(ctx: GatherContext<unknown>, pod: PodLogs, container: string, previous: boolean, limitBytes: number): Promise<string | undefined> {
  const read = (tailLines: number): Promise<string | undefined> =>
    ctx.kube.logs(pod.namespace, pod.name, { container, previous, tailLines, limitBytes, timestamps: true });
  const tail = await read(LOG_TAIL_LINES);
  if (tail === undefined || tail === '') return undefined;
  if (!STACK_TRACE_LINE.test(tail)) return tail;
  ctx.log.debug(`stack trace in the ${previous ? 'previous' : 'current'} log of ${pod.namespace}/${pod.name} container ${container}`);
  const long = await read(LOG_LONG_TAIL_LINES);
  if (long === undefined || long === '') return undefined;
  return stackTraceExcerpt(long.split('\n'));
}

/**
 * The log from a little before the first stack-trace line to the end; a trace longer than
 * {@link STACK_TRACE_MAX_LINES} keeps its beginning and its end around a line saying how many lines
 * were left out (the original's `getLogWithStacktracing`).
 * @param lines - the log, split on newlines
 */
export function stackTraceExcerpt(lines: readonly string[]): string {
  let start = lines.findIndex((line) => STACK_TRACE_LINE.test(line));
  if (start < 0) start = 0;
  let end = lines.findLastIndex((line) => STACK_TRACE_LINE.test(line));
  if (end < start) end = start;
  const length = end - start;
  if (length <= STACK_TRACE_MAX_LINES) return lines.slice(Math.max(0, start - LOG_LINES_BEFORE_STACK_TRACE)).join('\n');
  const from = Math.max(0, start - LOG_LINES_BEFORE_STACK_TRACE);
  const to = Math.min(lines.length, from + STACK_TRACE_BEGINNING_LINES);
  return `${lines.slice(from, to).join('\n')}\n... (${length - STACK_TRACE_MAX_LINES} stacktrace lines suppressed) ...\n${lines.slice(Math.max(0, end - STACK_TRACE_END_LINES)).join('\n')}`;
}
